/**
 * Signals between gateway instances over Redis pub/sub: the `GatewaySignals` port when several
 * gateways share one Redis. A message queued through instance A wakes the long polls waiting on
 * instance B. Signals are hints: a missed one only delays a poll until its next look at the queue.
 *
 * Publishing goes through the shared command connection; receiving needs a connection of its own,
 * because a subscribed connection can do nothing else.
 */
import { EventEmitter } from 'node:events';
import type { GatewaySignals, QueueSignal } from '../ports.js';
import { closeQuietly, connectWaslClient, createWaslClient, type WaslRedisClient } from './connection.js';
import { participantsChannelOf } from './keys.js';

export interface RedisSignalsOptions {
  readonly url: string;
  /** The command connection (not owned: closing the signals leaves it open). */
  readonly publisher: WaslRedisClient;
  readonly channel: string;
  /** Where registry changes are announced (default: `<channel>:participants`, as RedisKeys names it). */
  readonly participantsChannel?: string;
}

export class RedisSignals implements GatewaySignals {
  readonly #events = new EventEmitter();
  readonly #publisher: WaslRedisClient;
  readonly #subscriber: WaslRedisClient;
  readonly #channel: string;
  readonly #participantsChannel: string;
  #closed = false;

  private constructor(publisher: WaslRedisClient, subscriber: WaslRedisClient, channel: string, participantsChannel: string) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#channel = channel;
    this.#participantsChannel = participantsChannel;
    // Every long poll listens while it waits; hundreds at once are normal, not a leak.
    this.#events.setMaxListeners(0);
  }

  static async open(options: RedisSignalsOptions): Promise<RedisSignals> {
    const subscriber = createWaslClient({ url: options.url });
    await connectWaslClient(subscriber);
    const participantsChannel = options.participantsChannel ?? participantsChannelOf(options.channel);
    const signals = new RedisSignals(options.publisher, subscriber, options.channel, participantsChannel);
    // node-redis subscribes again by itself after a reconnect.
    await subscriber.subscribe(options.channel, (text) => signals.#receive(text));
    await subscriber.subscribe(participantsChannel, () => signals.#events.emit('participants'));
    return signals;
  }

  queued(signal: QueueSignal): void {
    if (this.#closed) return;
    const { recipient, bundleId, event } = signal;
    // A hint only: when Redis is away the message could not have been queued either.
    this.#publisher.publish(this.#channel, JSON.stringify({ recipient, bundleId, event })).catch(() => undefined);
  }

  onQueued(listener: (signal: QueueSignal) => void): () => void {
    this.#events.on('queued', listener);
    return () => this.#events.off('queued', listener);
  }

  participantsChanged(): void {
    if (this.#closed) return;
    // A hint only: every instance also checks the registry's version about once a second.
    this.#publisher.publish(this.#participantsChannel, '').catch(() => undefined);
  }

  onParticipantsChanged(listener: () => void): () => void {
    this.#events.on('participants', listener);
    return () => this.#events.off('participants', listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#events.removeAllListeners();
    await closeQuietly(this.#subscriber);
  }

  #receive(text: string): void {
    const signal = parseSignal(text);
    if (signal) this.#events.emit('queued', signal);
  }
}

function parseSignal(text: string): QueueSignal | undefined {
  try {
    const value = JSON.parse(text) as Partial<QueueSignal>;
    const { recipient, bundleId, event } = value;
    return typeof recipient === 'string' && typeof bundleId === 'string' && typeof event === 'string' ? { recipient, bundleId, event } : undefined;
  } catch {
    // Another program publishing on our channel: not a signal of ours.
    return undefined;
  }
}
