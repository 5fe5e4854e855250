/**
 * The rate counter of an embedded cluster: the primary keeps the windows (one map, as the
 * single-process counter does) and every worker counts there, so two workers behind one port
 * spend one participant's budget, as two instances over Redis do. One IPC round trip per
 * counted request.
 */
import type { RateCounter, RateWindow } from '../rate-counter.js';
import type { ClusterChannel } from './cluster-channel.js';

export class ClusterRateCounter implements RateCounter {
  readonly #channel: ClusterChannel;

  constructor(channel: ClusterChannel) {
    this.#channel = channel;
  }

  hit(key: string, windowMs: number): Promise<RateWindow> {
    return this.#channel.request<RateWindow>({ op: 'hit', key, windowMs });
  }
}
