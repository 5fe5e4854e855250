/**
 * Entry of one gateway worker of a cluster (`WASL_WORKERS` > 1): the whole gateway, configured
 * from the environment the primary passed down, listening on the shared port (the primary hands
 * each new connection to one worker in turn). It tells the primary when it is ready and stops
 * gracefully when asked: in-flight requests finish, waiting providers answer `queued`.
 */
import { loadConfig } from '../config.js';
import { createGateway } from '../gateway.js';
import { ClusterChannel } from '../store/embedded/cluster-channel.js';
import { isLifecycleMessage, LIFECYCLE_TAG, usageOfThisProcess, type LifecycleToPrimary, type LifecycleToWorker } from './lifecycle.js';

const send = (message: LifecycleToPrimary): void => {
  if (process.connected) process.send!(message);
};

async function main(): Promise<void> {
  const config = loadConfig();
  let gateway: Awaited<ReturnType<typeof createGateway>> | undefined;
  let stopping: Promise<void> | undefined;
  // Nothing is served before the gateway listens: a stop asked during start-up exits at once.
  const stop = () =>
    (stopping ??= (gateway ? gateway.close() : Promise.resolve())
      .catch(() => undefined)
      .finally(() => process.exit(0)));
  // Listening from the first moment, so a stop or a usage question during start-up is not lost.
  process.on('message', (message: unknown) => {
    if (!isLifecycleMessage<LifecycleToWorker>(message)) return;
    if (message.op === 'stop') void stop();
    else if (message.op === 'usage') send({ tag: LIFECYCLE_TAG, op: 'usage', id: message.id, usage: usageOfThisProcess() });
    else if (message.op === 'metrics') {
      // Not listening yet: an empty snapshot (the primary aggregates whatever the others have).
      void (gateway?.metrics.snapshot() ?? Promise.resolve([])).then((metrics) => send({ tag: LIFECYCLE_TAG, op: 'metrics', id: message.id, metrics }));
    }
  });
  // The primary decides when workers stop: a Ctrl-C reaching the process group is its to handle.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => void stop());
  // The primary is gone: do not outlive it.
  process.on('disconnect', () => void stop());
  try {
    const started = await createGateway(config, { logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
    gateway = started;
    // A scrape reaches one worker; it answers for the whole cluster.
    const channel = ClusterChannel.ofThisProcess();
    started.metrics.renderVia(() => channel.request<{ contentType: string; body: string }>({ op: 'metrics' }));
    if (stopping) return void (await started.close().catch(() => undefined));
    await started.app.listen({ host: config.host, port: config.port });
  } catch (problem) {
    send({ tag: LIFECYCLE_TAG, op: 'failed', message: problem instanceof Error ? problem.message : String(problem) });
    process.exit(1);
  }
  send({ tag: LIFECYCLE_TAG, op: 'ready', gatewayLicence: config.gatewayLicence });
}

void main();
