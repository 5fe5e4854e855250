/**
 * A known mix of traffic driven through real gateways for the report tests (issue 15, item 4),
 * and the oracle the reports are checked against: the ledger itself, read entry by entry.
 *
 * The mix (provider N-F-00001 → payer N-I-00001, sync window WINDOW_MS, one delivery at most):
 *   P1 priorauth (professional)   answered at once by the payer, approved          in window
 *   P2 priorauth (institutional)  answered at once, rejected AD-1-4 by policy        in window
 *   P1 again, byte for byte       a resend: no ledger entry, counts nowhere
 *   P1's ids with new content     a duplicate id (BV-00127): no ledger entry either
 *   X1, X2 invalid claims         rejected by the gateway with rule codes
 *   C2 claim                      answered after the window (late), approved
 *   C3 claim                      delivered once, never acknowledged: dead-lettered
 *   C4 claim                      left in the payer's queue (backlog)
 */
import { expect } from 'vitest';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { parsePolicy } from '../../src/payer-sim/policy.js';
import type { LedgerEntry, LedgerFacts } from '../../src/store/ports.js';
import type { TestGateway } from '../support/gateway.js';
import { errorsOf, headerOf } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

export const PROVIDER = 'N-F-00001';
export const PAYER = 'N-I-00001';
export const WINDOW_MS = 1500;
export const LEASE_MS = 300;
export const MIX_ENV = { WASL_SYNC_WINDOW_MS: String(WINDOW_MS), WASL_MAX_DELIVERIES: '1', WASL_LEASE_MS: String(LEASE_MS) };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const POLICY = parsePolicy({ default: 'approve', rules: [{ when: { claimType: ['institutional'] }, decision: 'reject', reason: 'AD-1-4' }] });

export interface MixResult {
  /** Rule codes of each message the gateway rejected, as its answers said. */
  readonly rejectedCodes: string[][];
}

/** Drives the mix: messages are sent to `send`, the payer answers through `answer` (another instance over the same Redis, or the same). */
export async function driveMix(send: TestGateway, answer: TestGateway): Promise<MixResult> {
  const provider = await send.client(PROVIDER);
  const payer = await answer.client(PAYER);
  const sim = new PayerSimulator({ client: payer, policy: POLICY, waitS: 1 });

  // In the window: the payer long-polls while the provider waits.
  sim.start();
  const p1 = fresh(sample('5a-preauth-professional-request.json').json);
  const p2 = fresh(sample('1-preauth-institutional-request.json').json);
  expect((await provider.send(p1)).status).toBe(200);
  expect((await provider.send(p2)).status).toBe(200);
  await sim.stop();
  expect(sim.counts.answered).toBe(2);
  // A long poll in flight when stopped would lease the next claim and leave it unanswered: let it end.
  await sleep(1200);

  // A resend and a reused Bundle.id with other content: answered from the store, never recorded again.
  await provider.send(p1);
  const reused = structuredClone(p1);
  reused.entry[0].resource.id = crypto.randomUUID();
  (reused as any).timestamp = new Date().toISOString();
  const reusedAnswer = await provider.send(reused);
  expect(errorsOf(reusedAnswer.json).length).toBeGreaterThan(0);

  // Two invalid claims, refused by the gateway.
  const rejectedCodes: string[][] = [];
  for (const breakIt of [(c: any) => (c.use = 'bogus'), (c: any) => delete c.insurance]) {
    const x = fresh(sample('10-claim-professional-request.json').json);
    breakIt(x.entry.find((e: any) => e.resource.resourceType === 'Claim').resource);
    const result = await provider.send(x);
    const codes = [...new Set(errorsOf(result.json).map((e) => e.code))].sort();
    expect(codes.length).toBeGreaterThan(0);
    rejectedCodes.push(codes);
  }

  // Late: nobody answers inside the window; the payer answers afterwards.
  const c2 = fresh(sample('10-claim-professional-request.json').json);
  await provider.send(c2);
  await sim.runOnce();
  expect(sim.counts.answered).toBe(3);

  // Dead-lettered: delivered once (maxDeliveries 1), never acknowledged, leased again after the lease.
  const c3 = fresh(sample('10-claim-professional-request.json').json);
  await provider.send(c3);
  const first = await payer.poll({ count: 10 });
  expect(first.messages.map((m) => m.bundleId)).toEqual([c3.id]);
  await sleep(LEASE_MS + 200);
  expect((await payer.poll({ count: 10 })).messages).toEqual([]);

  // Left queued for the payer.
  const c4 = fresh(sample('10-claim-professional-request.json').json);
  await provider.send(c4);
  expect(headerOf(c4).id).toBeDefined();
  return { rejectedCodes };
}

export function today(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export interface LedgerOracle {
  readonly accepted: LedgerFacts[];
  readonly rejected: LedgerFacts[];
  /** First answers (those with a requestEvent). */
  readonly answers: LedgerFacts[];
}

/** The ledger's traffic entries, read whole: what the projection must add up to. */
export async function readOracle(gw: TestGateway): Promise<LedgerOracle> {
  const entries: LedgerEntry[] = [];
  for (let from = 1; ; ) {
    const page = await gw.gateway.store.readLedger(from, 1000);
    if (page.length === 0) break;
    entries.push(...page);
    from = (page.at(-1) as LedgerEntry).seq + 1;
  }
  const facts = (kind: string): LedgerFacts[] => entries.filter((e) => e.kind === kind).map((e) => JSON.parse(e.body) as LedgerFacts);
  return { accepted: facts('accepted'), rejected: facts('rejected'), answers: facts('answered').filter((f) => f.requestEvent !== undefined) };
}

const BOUNDS = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000, 259_200_000, 604_800_000, 2_592_000_000];

/** Nearest-rank percentile over each turnaround's bucket upper bound, computed from scratch. */
export function expectedPercentile(turnarounds: readonly number[], p: number): number | null {
  if (turnarounds.length === 0) return null;
  const bounded = turnarounds.map((ms) => BOUNDS.find((b) => ms <= b) ?? (BOUNDS.at(-1) as number)).sort((a, b) => a - b);
  return bounded[Math.ceil(p * bounded.length) - 1] as number;
}

export function rate(n: number, d: number): { numerator: number; denominator: number; rate: number | null } {
  return { numerator: n, denominator: d, rate: d === 0 ? null : Math.round((n / d) * 10_000) / 10_000 };
}
