/**
 * Child process entry of bench/targets.ts: `server-process.ts echo|gateway`.
 * echo, echo-raw: the bare Fastify echo servers (parsing, raw). gateway: the real gateway (createGateway) on the data
 * directory the parent initialised, loopback, a free port, logger off; over Redis when the parent
 * gives a Redis URL (scale-out: then also the public URL all instances share). Answers the parent's
 * usage/queues/stop commands over IPC and exits when the parent goes away.
 */
import { freePort } from '../test/support/free-port.js';
import { startCluster } from '../src/cluster/primary.js';
import { loadConfig, type GatewayConfig } from '../src/config.js';
import { createGateway } from '../src/gateway.js';
import { openStorage } from '../src/store/open.js';
import { createEchoServer } from './echo-server.js';
import type { Command, ProcessUsage, QueueDepth, Reply } from './targets.js';

const send = (reply: Reply, then?: () => void): void => {
  if (process.connected) process.send!(reply, undefined, {}, () => then?.());
  else then?.();
};

interface StartedServer {
  url: string;
  gatewayLicence?: string;
  close: () => Promise<void>;
  queues: (licences: string[]) => Promise<QueueDepth[]>;
  /** CPU and memory of every process serving (a cluster); default: this process's own. */
  usage?: () => Promise<ProcessUsage>;
}

async function start(target: string): Promise<StartedServer> {
  if (target === 'echo' || target === 'echo-raw') {
    const app = createEchoServer(target === 'echo' ? 'parse' : 'raw');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close(), queues: async () => [] };
  }
  if (target === 'gateway') {
    const dataDir = process.env.WASL_BENCH_DATA_DIR;
    if (!dataDir) throw new Error('WASL_BENCH_DATA_DIR is not set');
    // The token audience is `<publicUrl>/auth/token`: the port must be known before the gateway is configured.
    // Scaled out, every instance takes the first instance's URL as its public URL, so a token
    // fetched there is good on all of them (as behind one load-balanced address).
    const port = await freePort();
    const redisUrl = process.env.WASL_BENCH_REDIS_URL;
    const publicUrl = process.env.WASL_BENCH_PUBLIC_URL;
    const config = loadConfig({
      WASL_DATA_DIR: dataDir,
      WASL_HOST: '127.0.0.1',
      WASL_PORT: String(port),
      WASL_SYNC_WINDOW_MS: process.env.WASL_BENCH_SYNC_WINDOW_MS ?? '1000',
      // The load generator is one participant sending as fast as the gateway answers: it measures
      // throughput, not the per-participant limits (bench/flood.ts measures those).
      WASL_RATE_LIMIT_PER_MINUTE: '10000000',
      WASL_TOKEN_RATE_LIMIT_PER_MINUTE: '10000000',
      WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
      ...(redisUrl ? { WASL_REDIS_URL: redisUrl } : {}),
      ...(publicUrl ? { WASL_PUBLIC_URL: publicUrl } : {}),
      // Where validation runs is a deployment choice the bench compares (issue 12, item 4).
      ...passThrough('WASL_VALIDATION_WORKERS', 'WASL_VALIDATION_WORKER_BYTES'),
    });
    const workers = Number(process.env.WASL_BENCH_WORKERS ?? '1');
    if (workers > 1) return startClusterTarget(config, workers, port, redisUrl, publicUrl);
    const gateway = await createGateway(config, { logger: false });
    await gateway.app.listen({ host: '127.0.0.1', port });
    return {
      url: `http://127.0.0.1:${port}`,
      gatewayLicence: config.gatewayLicence,
      close: () => gateway.close(),
      queues: (licences) => Promise.all(licences.map(async (licence) => ({ licence, ...(await gateway.store.stats(licence)) }))).then((all) =>
        all.map(({ licence, depth, available }) => ({ licence, depth, available })),
      ),
    };
  }
  throw new Error(`unknown target "${target}" (expected echo, echo-raw or gateway)`);
}


/**
 * The gateway as a cluster of `workers` processes behind the one port (`WASL_WORKERS`): this
 * process is their primary. Its own store handle answers the queue-depth questions.
 */
async function startClusterTarget(config: GatewayConfig, workers: number, port: number, redisUrl: string | undefined, publicUrl: string | undefined) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WASL_DATA_DIR: config.dataDir,
    WASL_HOST: '127.0.0.1',
    WASL_PORT: String(port),
    WASL_SYNC_WINDOW_MS: String(config.syncWindowMs),
    WASL_RATE_LIMIT_PER_MINUTE: '10000000',
    WASL_TOKEN_RATE_LIMIT_PER_MINUTE: '10000000',
    WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE: '10000000',
    WASL_LOG_LEVEL: 'silent',
    WASL_WORKERS: String(workers),
    ...(redisUrl ? { WASL_REDIS_URL: redisUrl } : {}),
    WASL_PUBLIC_URL: publicUrl ?? `http://127.0.0.1:${port}`,
  };
  const running = await startCluster({ workers, env, log: (line) => process.stderr.write(`bench gateway: ${line}\n`) });
  const storage = await openStorage({ dataDir: config.dataDir, redisUrl });
  return {
    url: `http://127.0.0.1:${port}`,
    gatewayLicence: running.gatewayLicence,
    usage: () => running.usage(),
    close: async () => {
      await running.stop();
      await storage.close();
    },
    queues: (licences: string[]) =>
      Promise.all(licences.map(async (licence) => ({ licence, ...(await storage.store.stats(licence)) }))).then((all) =>
        all.map(({ licence, depth, available }) => ({ licence, depth, available })),
      ),
  };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('server-process.ts is started by bench/targets.ts (it needs an IPC channel)');
  let server: Awaited<ReturnType<typeof start>>;
  try {
    server = await start(process.argv[2] ?? '');
  } catch (problem) {
    send({ type: 'failed', message: problem instanceof Error ? problem.message : String(problem) });
    process.disconnect();
    process.exit(1);
  }
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  process.on('message', async (command: Command) => {
    switch (command.type) {
      case 'usage': {
        if (server.usage) {
          send({ id: command.id, type: 'usage', usage: await server.usage() });
          break;
        }
        const cpu = process.cpuUsage();
        // maxRSS (KiB): the peak resident set of the process so far, not only the present one.
        const memory = process.memoryUsage();
        send({ id: command.id, type: 'usage', usage: { cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapBytes: memory.heapUsed, peakRssBytes: process.resourceUsage().maxRSS * 1024 } });
        break;
      }
      case 'queues':
        send({ id: command.id, type: 'queues', queues: await server.queues(command.licences) });
        break;
      case 'stop':
        await close();
        send({ id: command.id, type: 'stopped' }, () => process.exit(0));
    }
  });
  // Ctrl-C reaches the whole process group: the parent decides when this server stops.
  process.on('SIGINT', () => undefined);
  // The parent is gone (crash, kill): do not outlive it.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  send({ type: 'ready', url: server.url, ...(server.gatewayLicence ? { gatewayLicence: server.gatewayLicence } : {}) });
}

void main();

/** The named variables of the bench's own environment, for the gateway it starts. */
function passThrough(...names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}
