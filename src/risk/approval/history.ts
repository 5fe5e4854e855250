/**
 * The requester's own history with a payer (how many of its requests this payer approved), the
 * one feature that looks back in time. Training replays decisions in time order, so an example
 * only sees decisions answered before it was received; the model file keeps the counts at the end
 * of training, which is what the gateway scores with until the next training.
 */
import type { ProviderHistory } from './features.js';
import { historyKey } from './model.js';

export class HistoryCounter {
  readonly #counts = new Map<string, { approved: number; total: number }>();

  get(provider: string, payer: string): ProviderHistory {
    return this.#counts.get(historyKey(provider, payer)) ?? { approved: 0, total: 0 };
  }

  add(provider: string, payer: string, approved: boolean): void {
    const key = historyKey(provider, payer);
    const seen = this.#counts.get(key) ?? { approved: 0, total: 0 };
    this.#counts.set(key, { approved: seen.approved + (approved ? 1 : 0), total: seen.total + 1 });
  }

  snapshot(): Record<string, ProviderHistory> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
