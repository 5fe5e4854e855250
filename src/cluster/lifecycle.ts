/**
 * Process management messages between the primary and its gateway workers (start, stop,
 * resource usage); the store's own cluster messages are in store/embedded/cluster-protocol.ts.
 */
export const LIFECYCLE_TAG = 'wasl-lifecycle';

export type LifecycleToWorker =
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'stop' }
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'usage'; readonly id: number }
  /** This worker's metrics as prom-client JSON, for the primary to aggregate. */
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'metrics'; readonly id: number };

export interface WorkerUsage {
  readonly cpuMicros: number;
  readonly rssBytes: number;
  readonly heapBytes?: number;
  readonly peakRssBytes: number;
}

export type LifecycleToPrimary =
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'ready'; readonly gatewayLicence: string }
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'failed'; readonly message: string }
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'usage'; readonly id: number; readonly usage: WorkerUsage }
  | { readonly tag: typeof LIFECYCLE_TAG; readonly op: 'metrics'; readonly id: number; readonly metrics: unknown[] };

export function isLifecycleMessage<T extends { op: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === LIFECYCLE_TAG;
}

export function usageOfThisProcess(): WorkerUsage {
  const cpu = process.cpuUsage();
  // maxRSS (KiB): the peak resident set so far, not only the present one.
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapBytes: memory.heapUsed, peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}
