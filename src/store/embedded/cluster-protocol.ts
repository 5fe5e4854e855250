/**
 * The messages between the processes of an embedded cluster (`WASL_WORKERS` > 1, issue 12 item 4):
 * several gateway processes share one LMDB environment, and what the embedded store kept in one
 * process's memory (wake-up signals, providers waiting inside the synchronous window, rate-limit
 * windows) goes through the primary process instead, over Node's cluster IPC channel.
 *
 * Everything durable stays in LMDB, whose write lock serialises the processes: the primary holds
 * only hints (signals), the ownership of open synchronous windows (who may hand an answer over),
 * and request counts. A lost message costs latency, never a message: a missed signal is made up
 * by the long poll's own re-check, a missed hand-over by the provider's poll.
 */
import type { StoredMessage } from '../ports.js';

/** Marks our messages on a channel that Node and other code also use. */
export const CLUSTER_TAG = 'wasl-cluster';

/** Worker → primary. `id` is set on requests that expect a `reply`. */
export type WorkerMessage =
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'signal'; readonly name: string; readonly payload: unknown }
  /** Opens a synchronous window: `replace` only when this worker held the previous one for the key. */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'register'; readonly key: string; readonly token: string; readonly ttlMs: number; readonly replace: boolean }
  /** Takes a window, whoever holds it; the reply names the holding worker (or none). */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'claim'; readonly id: number; readonly key: string }
  /** Closes this worker's own window (compare-and-delete on the token); the reply says whether it still held it. */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'release'; readonly id: number; readonly key: string; readonly token: string }
  /** Hands a recorded answer (or `null`: recording failed) to the worker holding the claimed window. */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'deliver'; readonly to: number; readonly key: string; readonly answer: StoredMessage | null }
  /** Requests this worker counted since its last report, per rate-limit key (cluster-rate-counter.ts). */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'rate'; readonly counts: readonly RateReport[] }
  /** `/metrics` of the whole cluster: the primary gathers every worker's and sums them (cluster/primary.ts). */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'metrics'; readonly id: number };

/** [key, window length ms, requests counted since the last report] */
export type RateReport = readonly [key: string, windowMs: number, count: number];

/** One rate-limit window as the primary counts it: what each worker spent of it. */
export interface RateWindowCounts {
  readonly key: string;
  readonly resetAt: number;
  /** [worker id, requests counted by that worker in this window] */
  readonly counts: readonly (readonly [worker: number, count: number])[];
}

/** Primary → worker. */
export type PrimaryMessage =
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'signal'; readonly name: string; readonly payload: unknown }
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'deliver'; readonly key: string; readonly answer: StoredMessage | null }
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'reply'; readonly id: number; readonly value: ReplyValue }
  /** Every worker's share of the windows that changed, to every worker. */
  | { readonly tag: typeof CLUSTER_TAG; readonly op: 'rate'; readonly windows: readonly RateWindowCounts[] };

/**
 * Messages sent in one turn of the event loop travel as one batch (either way): under load a
 * worker has several to send per turn, and each IPC write costs more than the message itself.
 */
export interface Batch<T> {
  readonly tag: typeof CLUSTER_TAG;
  readonly op: 'batch';
  readonly messages: readonly T[];
}

export type ReplyValue =
  | { readonly holder: number | null }
  | { readonly released: boolean }
  | { readonly contentType: string; readonly body: string };

/** Omits the tag from a message shape, for senders. */
export type Untagged<T> = T extends unknown ? Omit<T, 'tag'> : never;

export function isClusterMessage(message: unknown): message is { tag: typeof CLUSTER_TAG; op: string } {
  return typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === CLUSTER_TAG;
}

/** Set by the primary in each worker's environment: the embedded store then uses the cluster adapters. */
export const CLUSTER_WORKER_ENV = 'WASL_CLUSTER_WORKER';
