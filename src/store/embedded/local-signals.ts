/**
 * Signals within one process: the `GatewaySignals` port for the embedded store, where the only
 * instance is this one (Redis carries them between instances over pub/sub).
 */
import { EventEmitter } from 'node:events';
import type { GatewaySignals, QueueSignal } from '../ports.js';

export class LocalSignals implements GatewaySignals {
  readonly #events = new EventEmitter();

  constructor() {
    // Every long poll listens while it waits; hundreds at once are normal, not a leak.
    this.#events.setMaxListeners(0);
  }

  queued(signal: QueueSignal): void {
    this.#events.emit('queued', signal);
  }

  onQueued(listener: (signal: QueueSignal) => void): () => void {
    this.#events.on('queued', listener);
    return () => this.#events.off('queued', listener);
  }

  participantsChanged(): void {
    this.#events.emit('participants');
  }

  onParticipantsChanged(listener: () => void): () => void {
    this.#events.on('participants', listener);
    return () => this.#events.off('participants', listener);
  }

  async close(): Promise<void> {
    this.#events.removeAllListeners();
  }
}
