/**
 * `simulate()` through a real gateway (issue 14, item 4): at least 99 % of what it sends is
 * accepted, the same seed sends the same content again (as new messages), repeats come in the share
 * asked for and resends get the stored answer; with a policy payer answering inside the synchronous
 * window, every answer is the policy's decision on the message sent.
 */
import { describe, expect, it } from 'vitest';
import { decide, parsePolicy } from '../../src/payer-sim/policy.js';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { planTraffic, simulate, type SimulationSummary } from '../../src/simulate/index.js';
import { useTestGateway } from '../support/gateway.js';

function withoutIds(body: string): string {
  const bundle = JSON.parse(body);
  return JSON.stringify(bundle).replaceAll(bundle.id, 'B').replaceAll(bundle.entry[0].resource.id, 'H').replace(/-sim-[0-9a-f]{12}/g, '-sim-X');
}

describe('simulated traffic through a real gateway, no payer answering', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20' });
  // One `now` for both runs: dates are part of the content the seed fixes.
  const options = { events: ['priorauth', 'claim'] as ('priorauth' | 'claim')[], count: 200, seed: 21, now: new Date(), duplicateShare: 0.05, resendShare: 0.02, concurrency: 12 };
  let first: SimulationSummary;

  it('is accepted (at least 99 %), queued for the payers, with the repeats asked for', async () => {
    first = await simulate({ ...options, clientFor: (licence) => gw.client(licence) });
    expect(first.sent).toBe(200);
    expect(first.failed).toBe(0);
    expect(first.accepted / first.sent, JSON.stringify(first.topCodes)).toBeGreaterThanOrEqual(0.99);
    expect(first.queued).toBe(first.accepted);
    expect(first.byEvent.priorauth! + first.byEvent.claim!).toBe(200);
    expect(first.byKind.duplicate).toBeGreaterThanOrEqual(4);
    expect(first.byKind.duplicate).toBeLessThanOrEqual(18);
    expect(first.byKind.resend).toBeGreaterThan(0);
    // A resend is recognised: the same Bundle.id, answered from what the gateway stored.
    for (const r of first.results.filter((r) => r.kind === 'resend')) expect(r.outcome).toBe('queued');
    expect(new Set(first.results.map((r) => r.sender)).size).toBeGreaterThanOrEqual(4);
  });

  it('sends the same content again for the same seed, as new messages the gateway accepts', async () => {
    const again = await simulate({ ...options, clientFor: (licence) => gw.client(licence) });
    expect(again.accepted / again.sent).toBeGreaterThanOrEqual(0.99);
    expect(again.results.map((r) => r.bundleId).filter((id) => first.results.some((f) => f.bundleId === id))).toEqual([]);
    expect(again.results.map((r) => withoutIds(r.body))).toEqual(first.results.map((r) => withoutIds(r.body)));
  });

  it('counts a message the gateway rejects as rejected, with its codes', async () => {
    const [planned] = planTraffic({ events: ['claim'], count: 1, seed: 5 });
    const bundle = JSON.parse(planned!.body);
    bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.total.value += 1;
    const summary = await simulate({ events: ['claim'], count: 1, seed: 5, planned: [{ ...planned!, body: JSON.stringify(bundle) }], clientFor: (licence) => gw.client(licence) });
    expect(summary).toMatchObject({ sent: 1, accepted: 0, rejected: 1 });
    expect(summary.topCodes.length).toBeGreaterThan(0);
  });
});

describe('simulated traffic answered by a policy payer inside the synchronous window', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '3000' });

  it("every answer is the policy's decision on the message sent", async () => {
    const policy = parsePolicy({
      noise: 0.1,
      seed: 3,
      rules: [
        { when: { claimType: ['oral'] }, decision: 'reject', reason: 'CV-1-4' },
        { when: { netAbove: 2000 }, decision: 'reject', reason: 'CV-1-8' },
      ],
    });
    const payers = await Promise.all(['N-I-00001', 'INS-FHIR'].map(async (licence) => new PayerSimulator({ client: await gw.client(licence), policy, waitS: 5 })));
    for (const payer of payers) payer.start();
    try {
      const summary = await simulate({ events: ['priorauth', 'claim'], count: 60, seed: 4, duplicateShare: 0, resendShare: 0, concurrency: 6, clientFor: (licence) => gw.client(licence) });
      expect(summary.answered).toBe(60);
      for (const result of summary.results) {
        const expected = decide(JSON.parse(result.body), policy).decision === 'reject' ? 'rejected' : 'approved';
        expect(result.adjudication, result.template).toBe(expected);
      }
      expect(summary.adjudication.rejected).toBeGreaterThan(5);
      expect(summary.adjudication.approved).toBeGreaterThan(5);
    } finally {
      await Promise.all(payers.map((p) => p.stop()));
    }
  });
});
