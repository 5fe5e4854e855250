/**
 * Risk history in the embedded store (store/risk-history.ts): two databases written inside the
 * store's own `accept` transaction, so a claim and its history commit together or not at all.
 *
 *   risk-history  [patientKey, day, sender, headerId, line] → the line: one patient's lines are one
 *                 key range ordered by day, so a window is a single range read.
 *   risk-peers    [service, scope] → [n, sum, sum of squares] of billed unit prices (scope `*`:
 *                 every provider), kept incrementally.
 */
import type { Database } from 'lmdb';
import { EMPTY_STATS, peerIncrements, type PeerStats, type RiskHistoryItem, type RiskHistoryRecord, type ServicePeerStats } from '../risk-history.js';
import { keyFits } from './key-limits.js';

type HistoryKey = [patientKey: string, day: number, sender: string, headerId: string, line: number];
type PeerKey = [service: string, scope: string];
type PeerValue = [n: number, sum: number, sumSquares: number];

export interface LmdbRiskHistoryDeps {
  readonly history: Database<RiskHistoryItem, HistoryKey>;
  readonly peers: Database<PeerValue, PeerKey>;
}

export class LmdbRiskHistory {
  readonly #d: LmdbRiskHistoryDeps;

  constructor(deps: LmdbRiskHistoryDeps) {
    this.#d = deps;
  }

  /** Must run inside a write transaction. A line whose key cannot be stored is left out (ids are checked upstream). */
  recordInTxn(record: RiskHistoryRecord): void {
    for (const item of record.items) {
      if (keyFits(item.patientKey, item.sender, item.headerId)) this.#d.history.put([item.patientKey, item.day, item.sender, item.headerId, item.line], item);
    }
    for (const { service, scope, price } of peerIncrements(record)) {
      if (!keyFits(service, scope)) continue;
      const [n, sum, squares] = this.#d.peers.get([service, scope]) ?? [0, 0, 0];
      this.#d.peers.put([service, scope], [n + 1, sum + price, squares + price * price]);
    }
  }

  patientHistory(patientKey: string, fromDay: number, toDay: number, limit: number): RiskHistoryItem[] {
    if (!keyFits(patientKey) || limit <= 0) return [];
    // Read backwards from the end of the window, at most `limit` lines. '' sorts before every
    // licence and id, so [p, toDay + 1, ''] is past every line of toDay and [p, fromDay, ''] before
    // every line of fromDay.
    const range = this.#d.history.getRange({ start: [patientKey, toDay + 1, '', '', 0], end: [patientKey, fromDay, '', '', 0], reverse: true, limit });
    return [...range].map(({ value }) => value).reverse();
  }

  peerStats(services: readonly string[], provider: string): ServicePeerStats[] {
    return services.map((service) => ({ service, all: this.#stats(service, '*'), provider: this.#stats(service, provider) }));
  }

  #stats(service: string, scope: string): PeerStats {
    const value = keyFits(service, scope) ? this.#d.peers.get([service, scope]) : undefined;
    return value ? { n: value[0], sum: value[1], sumSquares: value[2] } : EMPTY_STATS;
  }
}
