/**
 * Signals between the processes of an embedded cluster: the `GatewaySignals` port over the
 * cluster IPC channel. A signal is emitted in this process at once and relayed by the primary
 * to every other worker, which emits it there; like the Redis pub/sub it replaces, it only
 * wakes work up early (a long poll also re-reads its queue on its own).
 */
import { EventEmitter } from 'node:events';
import type { GatewaySignals, QueueSignal } from '../ports.js';
import type { ClusterChannel } from './cluster-channel.js';

export class ClusterSignals implements GatewaySignals {
  readonly #events = new EventEmitter();
  readonly #channel: ClusterChannel;
  readonly #stopListening: () => void;

  constructor(channel: ClusterChannel) {
    this.#channel = channel;
    // Every long poll listens while it waits; hundreds at once are normal, not a leak.
    this.#events.setMaxListeners(0);
    this.#stopListening = channel.on('signal', ({ name, payload }) => this.#events.emit(name, payload));
  }

  queued(signal: QueueSignal): void {
    this.#emit('queued', signal);
  }

  onQueued(listener: (signal: QueueSignal) => void): () => void {
    return this.#on('queued', listener);
  }

  participantsChanged(): void {
    this.#emit('participants', null);
  }

  onParticipantsChanged(listener: () => void): () => void {
    return this.#on('participants', listener);
  }

  async close(): Promise<void> {
    this.#stopListening();
    this.#events.removeAllListeners();
  }

  #emit(name: string, payload: unknown): void {
    this.#events.emit(name, payload);
    this.#channel.post({ op: 'signal', name, payload });
  }

  #on<T>(name: string, listener: (payload: T) => void): () => void {
    this.#events.on(name, listener);
    return () => this.#events.off(name, listener);
  }
}
