/**
 * How a one-shot command (`wasl participant`, `wasl cert`) tells running gateways that the
 * registry changed. Over Redis it publishes the same hint RedisSignals does; beside an embedded
 * store there is no channel between processes, and gateways see the change at their next version
 * check (within about a second).
 */
import type { GatewayStore } from './ports.js';
import { RedisStore } from './redis/redis-store.js';

export interface ParticipantsAnnouncer {
  participantsChanged(): void;
  /** Resolves once every announcement was handed to Redis (before the connection closes). */
  flushed(): Promise<void>;
}

export function participantsAnnouncer(store: GatewayStore): ParticipantsAnnouncer {
  const sent: Promise<unknown>[] = [];
  return {
    participantsChanged() {
      // A hint: if it is lost, the version check still carries the change.
      if (store instanceof RedisStore) sent.push(store.client.publish(store.keys.participantsChannel, '').catch(() => undefined));
    },
    async flushed() {
      await Promise.all(sent);
    },
  };
}
