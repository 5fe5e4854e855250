/**
 * A worker's end of the cluster IPC channel (see cluster-protocol.ts): one per process, shared by
 * the cluster signals, answer waiters and rate counter. Messages sent in one turn of the event
 * loop leave as one batch. Requests carry an id and settle on the primary's reply; a primary that
 * does not answer within a few seconds (it died, and with it the whole cluster is going down)
 * makes them fail as a store that cannot be reached.
 */
import { StoreUnavailableError } from '../ports.js';
import { CLUSTER_TAG, isClusterMessage, type Batch, type PrimaryMessage, type ReplyValue, type WorkerMessage } from './cluster-protocol.js';

const REPLY_TIMEOUT_MS = 5_000;

type Request = Extract<WorkerMessage, { id: number }>;
type WithoutTag<T> = T extends unknown ? Omit<T, 'tag'> : never;
type WithoutIdAndTag<T> = T extends unknown ? Omit<T, 'id' | 'tag'> : never;
/** A request as its sender writes it: the channel adds the id and the tag. */
export type RequestBody = WithoutIdAndTag<Request>;
/** A one-way message as its sender writes it. */
export type PostBody = WithoutTag<Exclude<WorkerMessage, Request>>;

type PushOp = Exclude<PrimaryMessage['op'], 'reply'>;
type PushListener<Op extends PushOp> = (message: Extract<PrimaryMessage, { op: Op }>) => void;

export class ClusterChannel {
  readonly #send: (message: WorkerMessage | Batch<WorkerMessage>) => boolean;
  readonly #pending = new Map<number, { resolve: (value: ReplyValue) => void; reject: (problem: Error) => void; timer: NodeJS.Timeout }>();
  readonly #listeners: { [Op in PushOp]: Set<PushListener<Op>> } = { signal: new Set(), deliver: new Set(), rate: new Set() };
  #outbox: WorkerMessage[] = [];
  #nextId = 1;

  private constructor(send: (message: WorkerMessage | Batch<WorkerMessage>) => boolean) {
    this.#send = send;
    process.on('message', (message: unknown) => this.#receive(message));
  }

  static #shared: ClusterChannel | undefined;

  /** The channel of this worker process (created on first use). */
  static ofThisProcess(): ClusterChannel {
    if (!process.send) throw new Error('cluster adapters need the IPC channel of a cluster worker (WASL_WORKERS > 1)');
    const send = process.send.bind(process) as (message: WorkerMessage | Batch<WorkerMessage>) => boolean;
    return (ClusterChannel.#shared ??= new ClusterChannel(send));
  }

  /** Fire and forget: a message that cannot be sent is dropped (hints only). */
  post(message: PostBody): void {
    this.#enqueue({ ...message, tag: CLUSTER_TAG } as WorkerMessage);
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
      this.#enqueue({ ...message, id, tag: CLUSTER_TAG } as WorkerMessage);
    });
  }

  on<Op extends PushOp>(op: Op, listener: PushListener<Op>): () => void {
    const listeners = this.#listeners[op] as Set<PushListener<Op>>;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  #enqueue(message: WorkerMessage): void {
    this.#outbox.push(message);
    if (this.#outbox.length === 1) setImmediate(() => this.#flush());
  }

  #flush(): void {
    const messages = this.#outbox;
    this.#outbox = [];
    if (messages.length === 0 || !process.connected) return;
    try {
      this.#send(messages.length === 1 ? messages[0]! : { tag: CLUSTER_TAG, op: 'batch', messages });
    } catch {
      // The primary is gone: the worker is about to be stopped; requests time out as unavailable.
    }
  }

  #receive(message: unknown): void {
    if (!isClusterMessage(message)) return;
    const received = message as PrimaryMessage | Batch<PrimaryMessage>;
    if (received.op === 'batch') {
      for (const one of received.messages) this.#receive(one);
      return;
    }
    if (received.op === 'reply') {
      const pending = this.#pending.get(received.id);
      if (!pending) return;
      this.#pending.delete(received.id);
      clearTimeout(pending.timer);
      pending.resolve(received.value);
      return;
    }
    for (const listener of this.#listeners[received.op] as Set<(message: PrimaryMessage) => void>) listener(received);
  }
}
