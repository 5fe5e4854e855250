/**
 * A worker's end of the cluster IPC channel (see cluster-protocol.ts): one per process, shared by
 * the cluster signals, answer waiters and rate counter. Requests carry an id and settle on the
 * primary's reply; a primary that does not answer within a few seconds (it died, and with it the
 * whole cluster is going down) makes them fail as a store that cannot be reached.
 */
import { StoreUnavailableError } from '../ports.js';
import { CLUSTER_TAG, isClusterMessage, type PrimaryMessage, type ReplyValue, type Untagged, type WorkerMessage } from './cluster-protocol.js';

const REPLY_TIMEOUT_MS = 5_000;

type Request = Extract<WorkerMessage, { id: number }>;
type WithoutIdAndTag<T> = T extends unknown ? Omit<T, 'id' | 'tag'> : never;
/** A request as its sender writes it: the channel adds the id and the tag. */
export type RequestBody = WithoutIdAndTag<Request>;
type PushListener<Op extends PrimaryMessage['op']> = (message: Extract<PrimaryMessage, { op: Op }>) => void;

export class ClusterChannel {
  readonly #send: (message: WorkerMessage) => boolean;
  readonly #pending = new Map<number, { resolve: (value: ReplyValue) => void; reject: (problem: Error) => void; timer: NodeJS.Timeout }>();
  readonly #signalListeners = new Set<PushListener<'signal'>>();
  readonly #deliverListeners = new Set<PushListener<'deliver'>>();
  readonly #onMessage: (message: unknown) => void;
  #nextId = 1;

  private constructor(send: (message: WorkerMessage) => boolean) {
    this.#send = send;
    this.#onMessage = (message) => this.#receive(message);
    process.on('message', this.#onMessage);
  }

  static #shared: ClusterChannel | undefined;

  /** The channel of this worker process (created on first use). */
  static ofThisProcess(): ClusterChannel {
    if (!process.send) throw new Error('cluster adapters need the IPC channel of a cluster worker (WASL_WORKERS > 1)');
    const send = process.send.bind(process) as (message: WorkerMessage) => boolean;
    return (ClusterChannel.#shared ??= new ClusterChannel(send));
  }

  /** Fire and forget: a message that cannot be sent is dropped (hints only). */
  post(message: Untagged<Exclude<WorkerMessage, Request>>): void {
    if (!process.connected) return;
    try {
      this.#send({ ...message, tag: CLUSTER_TAG } as WorkerMessage);
    } catch {
      // The primary is gone: the worker is about to be stopped.
    }
  }

  /** A request answered by the primary; rejects with `StoreUnavailableError` when it cannot be. */
  request<V extends ReplyValue>(message: RequestBody): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      if (!process.connected) return reject(new StoreUnavailableError(new Error('the cluster primary is gone')));
      const id = this.#nextId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new StoreUnavailableError(new Error(`the cluster primary did not answer "${message.op}" within ${REPLY_TIMEOUT_MS} ms`)));
      }, REPLY_TIMEOUT_MS);
      timer.unref();
      this.#pending.set(id, { resolve: resolve as (value: ReplyValue) => void, reject, timer });
      try {
        this.#send({ ...message, id, tag: CLUSTER_TAG } as WorkerMessage);
      } catch (problem) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(new StoreUnavailableError(problem));
      }
    });
  }

  onSignal(listener: PushListener<'signal'>): () => void {
    this.#signalListeners.add(listener);
    return () => this.#signalListeners.delete(listener);
  }

  onDeliver(listener: PushListener<'deliver'>): () => void {
    this.#deliverListeners.add(listener);
    return () => this.#deliverListeners.delete(listener);
  }

  #receive(message: unknown): void {
    if (!isClusterMessage(message)) return;
    const received = message as PrimaryMessage;
    switch (received.op) {
      case 'reply': {
        const pending = this.#pending.get(received.id);
        if (!pending) return;
        this.#pending.delete(received.id);
        clearTimeout(pending.timer);
        pending.resolve(received.value);
        return;
      }
      case 'signal':
        for (const listener of this.#signalListeners) listener(received);
        return;
      case 'deliver':
        for (const listener of this.#deliverListeners) listener(received);
    }
  }
}
