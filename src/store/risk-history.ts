/**
 * Risk history (issue 14, item 5): what the duplicate and fraud-waste-abuse families compare a new
 * claim with. Kept in the store (both adapters), never in process memory, so every instance and
 * every restart sees the same history.
 *
 * It is a projection of accepted claims and prior authorizations, written by the adapters in the
 * same atomic write as the `accepted` ledger entry it projects (the `risk` argument of `accept`):
 * a duplicate sent 50 ms after the original must be seen, which a projection that catches up with
 * the ledger on an interval would miss. A message the store refuses (a reused id) writes no history.
 *
 * Patients appear only as the ledger's keyed hashes (HMAC with the hub secret), never identifiers.
 */

/** One line of an accepted claim or prior authorization, with what the families need of its message. */
export interface RiskHistoryItem {
  /** Keyed hash of the patient (the ledger's `patientKeys`). */
  readonly patientKey: string;
  /** Day of service, days since 1970-01-01 (UTC). */
  readonly day: number;
  /** `system|code` of `item.productOrService`. */
  readonly service: string;
  readonly quantity: number;
  /** `item.net` (0 when absent). */
  readonly net: number;
  readonly unitPrice: number;
  readonly event: string;
  readonly sender: string;
  readonly recipient: string;
  readonly bundleId: string;
  readonly headerId: string;
  /** `system|value` of the Claim's first business identifier. */
  readonly identifier: string;
  /** Position of the line in its claim (0-based): with sender and headerId, the item's key. */
  readonly line: number;
  /** An in-patient stay's first and last day (institutional claims with a billable period). */
  readonly stay?: readonly [number, number];
}

/** Billed unit prices of one service: all providers, and the provider asking. */
export interface PeerStats {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
}

export interface ServicePeerStats {
  readonly service: string;
  readonly all: PeerStats;
  readonly provider: PeerStats;
}

/** What `accept` writes beside an accepted claim: its lines, and their prices in the peer statistics. */
export interface RiskHistoryRecord {
  readonly items: readonly RiskHistoryItem[];
}

/** The read side, the only capability the risk stage gets. */
export interface RiskHistory {
  /**
   * Lines of the accepted claims and prior authorizations of this patient with a day in
   * [fromDay, toDay]: the latest `limit` of them, oldest first. Bounded, because the read is on the
   * accept path: a patient billed thousands of times must not slow every later claim down.
   */
  patientHistory(patientKey: string, fromDay: number, toDay: number, limit: number): Promise<RiskHistoryItem[]>;
  /** Unit-price statistics of these services, over all providers and for `provider`, before this message. */
  peerStats(services: readonly string[], provider: string): Promise<ServicePeerStats[]>;
}

export const EMPTY_STATS: PeerStats = Object.freeze({ n: 0, sum: 0, sumSquares: 0 });

/** The increments a record makes to the peer statistics: scope `*` (every provider) and the sender. */
export function peerIncrements(record: RiskHistoryRecord): { service: string; scope: string; price: number }[] {
  const out: { service: string; scope: string; price: number }[] = [];
  for (const item of record.items) {
    if (item.event !== 'claim-request' || !(item.unitPrice > 0)) continue;
    out.push({ service: item.service, scope: '*', price: item.unitPrice }, { service: item.service, scope: item.sender, price: item.unitPrice });
  }
  return out;
}
