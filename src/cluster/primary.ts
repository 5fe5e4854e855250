/**
 * The primary process of a gateway cluster (issue 12, item 4): it forks `workers` gateway
 * processes that share the listening port (Node's cluster module hands each new connection to
 * one worker in turn) and, over the embedded store, one LMDB environment. The primary serves no
 * requests; it relays the workers' signals and keeps the few things the embedded store held in
 * one process's memory (store/embedded/cluster-protocol.ts), and replaces a worker that dies.
 * Over Redis the workers are ordinary instances and the primary only supervises them.
 */
import cluster, { type Worker } from 'node:cluster';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import { CLUSTER_TAG, CLUSTER_WORKER_ENV, isClusterMessage, type Batch, type PrimaryMessage, type WorkerMessage } from '../store/embedded/cluster-protocol.js';
import { ClusterCoordinator } from './coordinator.js';
import { isLifecycleMessage, LIFECYCLE_TAG, usageOfThisProcess, type LifecycleToPrimary, type LifecycleToWorker, type WorkerUsage } from './lifecycle.js';

export interface ClusterOptions {
  readonly workers: number;
  /** The workers' environment, from which each reads its configuration (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** One line per lifecycle event (a worker died and was replaced...). */
  readonly log?: (line: string) => void;
}

export interface RunningCluster {
  readonly gatewayLicence: string;
  readonly pids: () => number[];
  /** CPU and memory of the primary and every worker, summed (what the machine spends on the gateway). */
  usage(): Promise<WorkerUsage>;
  /** Graceful: every worker finishes its in-flight requests, then exits. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const RESTART_DELAY_MS = 1_000;
const STOP_TIMEOUT_MS = 15_000;

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  if (!cluster.isPrimary) throw new Error('startCluster runs in the primary process');
  const log = options.log ?? (() => undefined);
  const coordinator = new ClusterCoordinator();
  const workers = new Map<number, Worker>();
  /** Workers that said they listen: the others are still starting and are stopped by signal. */
  const ready = new Set<number>();
  /** Lifecycle questions to workers awaiting their answer, by request id. */
  const answers = new Map<number, (message: LifecycleToPrimary) => void>();
  let nextRequestId = 1;
  let stopping = false;

  cluster.setupPrimary({
    exec: workerEntry(),
    execArgv: workerExecArgv(),
    // Structured clone: answers travel with their exact strings, no JSON round trip of the body.
    serialization: 'advanced',
  });

  const route = (from: number, message: unknown) => {
    if (!isClusterMessage(message)) return;
    const asked = message as WorkerMessage | Batch<WorkerMessage>;
    if (asked.op === 'batch') {
      for (const one of asked.messages) route(from, one);
      return;
    }
    if (asked.op === 'metrics') {
      // Gathered from every worker, asynchronously: the coordinator's rules stay synchronous.
      void clusterMetrics().then((value) => sendSoon(from, { tag: CLUSTER_TAG, op: 'reply', id: asked.id, value }));
      return;
    }
    for (const { to, message: outgoing } of coordinator.handle(from, asked)) {
      if (to === 'others' || to === 'all') {
        for (const id of workers.keys()) if (to === 'all' || id !== from) sendSoon(id, outgoing);
      } else sendSoon(to, outgoing);
    }
  };

  // What is sent to a worker in one turn of the event loop leaves as one batch.
  const outboxes = new Map<number, PrimaryMessage[]>();
  const sendSoon = (to: number, message: PrimaryMessage) => {
    const outbox = outboxes.get(to);
    if (outbox) return void outbox.push(message);
    outboxes.set(to, [message]);
    setImmediate(() => {
      const messages = outboxes.get(to) ?? [];
      outboxes.delete(to);
      const worker = workers.get(to);
      if (worker?.isConnected()) worker.send(messages.length === 1 ? messages[0]! : ({ tag: CLUSTER_TAG, op: 'batch', messages } satisfies Batch<PrimaryMessage>));
    });
  };

  /** Asks a ready worker a lifecycle question; resolves undefined when it does not answer in time. */
  const ask = <T>(worker: Worker, op: 'usage' | 'metrics', pick: (message: LifecycleToPrimary) => T | undefined): Promise<T | undefined> =>
    new Promise((resolve) => {
      const id = nextRequestId++;
      const timer = setTimeout(() => {
        answers.delete(id);
        resolve(undefined);
      }, 5_000);
      answers.set(id, (message) => {
        clearTimeout(timer);
        answers.delete(id);
        resolve(pick(message));
      });
      worker.send({ tag: LIFECYCLE_TAG, op, id } satisfies LifecycleToWorker);
    });

  /** Every ready worker's metrics, aggregated as prom-client does for clusters (counters summed, store gauges taken once). */
  const clusterMetrics = async (): Promise<{ contentType: string; body: string }> => {
    const snapshots = await Promise.all(
      [...workers.values()].filter((worker) => ready.has(worker.id)).map((worker) => ask(worker, 'metrics', (m) => (m.op === 'metrics' ? m.metrics : undefined))),
    );
    const registry = AggregatorRegistry.aggregate(snapshots.filter((one): one is unknown[] => one !== undefined) as Parameters<typeof AggregatorRegistry.aggregate>[0]);
    return { contentType: registry.contentType, body: await registry.metrics() };
  };

  const fork = (): Promise<string> => {
    const worker = cluster.fork({ ...(options.env ?? process.env), [CLUSTER_WORKER_ENV]: '1' });
    workers.set(worker.id, worker);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway worker ${worker.id} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      worker.on('message', (message: unknown) => {
        if (isLifecycleMessage<LifecycleToPrimary>(message)) {
          if (message.op === 'ready') {
            ready.add(worker.id);
            clearTimeout(timer);
            resolve(message.gatewayLicence);
          } else if (message.op === 'failed') {
            clearTimeout(timer);
            reject(new Error(`gateway worker ${worker.id} failed to start: ${message.message}`));
          } else {
            answers.get(message.id)?.(message);
          }
          return;
        }
        route(worker.id, message);
      });
      worker.on('exit', (code, signal) => {
        clearTimeout(timer);
        workers.delete(worker.id);
        coordinator.forgetWorker(worker.id);
        if (!ready.delete(worker.id)) return reject(new Error(`gateway worker ${worker.id} exited before it was ready (${signal ?? `code ${code}`})`));
        if (stopping) return;
        // Its committed work is in LMDB; its open windows answer through the provider's poll.
        log(`gateway worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}): starting a replacement`);
        setTimeout(() => {
          if (!stopping) fork().catch((problem: Error) => log(`replacement worker failed: ${problem.message}`));
        }, RESTART_DELAY_MS).unref();
      });
    });
  };

  // One first, then the rest: the first opens the store and builds what a new store needs alone.
  let gatewayLicence: string;
  try {
    gatewayLicence = await fork();
    await Promise.all(Array.from({ length: options.workers - 1 }, fork));
  } catch (problem) {
    stopping = true;
    for (const worker of workers.values()) worker.process.kill('SIGKILL');
    throw problem;
  }

  return {
    gatewayLicence,
    pids: () => [...workers.values()].map((worker) => worker.process.pid ?? 0),
    async usage() {
      const none: WorkerUsage = { cpuMicros: 0, rssBytes: 0, peakRssBytes: 0 };
      const each = await Promise.all([...workers.values()].map(async (worker) => (await ask(worker, 'usage', (m) => (m.op === 'usage' ? m.usage : undefined))) ?? none));
      return [usageOfThisProcess(), ...each].reduce((sum, one) => ({
        cpuMicros: sum.cpuMicros + one.cpuMicros,
        rssBytes: sum.rssBytes + one.rssBytes,
        peakRssBytes: sum.peakRssBytes + one.peakRssBytes,
      }));
    },
    async stop() {
      stopping = true;
      const exits = [...workers.values()].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            // A worker still loading may not listen to its channel yet; its signal handler (or the default) stops it.
            if (ready.has(worker.id) && worker.isConnected()) worker.send({ tag: LIFECYCLE_TAG, op: 'stop' } satisfies LifecycleToWorker);
            else worker.process.kill('SIGTERM');
          }),
      );
      await Promise.all(exits);
    },
  };
}

/** worker.ts beside this file: .ts when running from source under tsx, .js when built. */
function workerEntry(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./worker${extname(self)}`, import.meta.url));
}

/** The workers run TypeScript too when this primary does (tsx loaded by flag or registered in-process). */
function workerExecArgv(): string[] {
  const flags = [...process.execArgv];
  const fromSource = extname(fileURLToPath(import.meta.url)) === '.ts';
  return fromSource && !flags.some((flag) => flag.includes('tsx')) ? ['--import', 'tsx', ...flags] : flags;
}
