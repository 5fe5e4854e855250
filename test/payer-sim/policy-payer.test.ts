/**
 * A policy payer against the real gateway (issue 14, item 3): what the policy rejects reaches the
 * provider as a complete ClaimResponse, adjudication-outcome rejected on the response and on every
 * item, each with the policy's NPHIES reason code; what it approves is approved; and the gateway
 * takes every one of its answers (acknowledged `ok`), prior authorizations, claims and a batch.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy, type Decision } from '../../src/payer-sim/policy.js';
import { PayerSimulator, type AnswerVerdict } from '../../src/payer-sim/simulator.js';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const OUTCOME_URL = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome';

const REQUESTS = [
  '1-preauth-institutional-request.json',
  '2a-first-preauth-dental-request-with-multiple-items.json',
  '5a-preauth-professional-request.json',
  '6-preauth-vision-prescription-request.json',
  '7a-claim-dental-request.json',
  '8-claim-institutional-request.json',
  '10-claim-professional-request.json',
  '11-claim-vision-request.json',
  '16-batch-request.json',
];

/** Dental is rejected, vision approved, other claims over 1,000 SAR rejected, everything else approved. */
const POLICY = parsePolicy({
  default: 'approve',
  noise: 0,
  seed: 7,
  rules: [
    { when: { claimType: ['oral'] }, decision: 'reject', reason: 'CV-1-4' },
    { when: { claimType: ['vision'] }, decision: 'approve' },
    { when: { netAbove: 1000 }, decision: 'reject', reason: 'CV-1-8' },
    { when: { diagnosis: ['S62*'], service: ['83620-00-10'] }, decision: 'reject', reason: 'AD-1-4' },
  ],
});

function outcomeOf(resource: any): string | undefined {
  return resource.extension?.find((e: any) => e.url === OUTCOME_URL)?.valueCodeableConcept.coding[0].code;
}

describe('a payer deciding by a policy, against the real gateway', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  it('rejects what the policy says with its reason code, approves the rest, and the gateway takes every answer', async () => {
    const payer = await gw.client('N-I-00001');
    const verdicts: AnswerVerdict[] = [];
    const decisions = new Map<string, Decision>();
    const sim = new PayerSimulator({
      client: payer,
      policy: POLICY,
      onAnswer: (_event, _status, verdict) => verdicts.push(verdict),
      onDecision: (message, decision) => {
        const claim = (message as any).entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
        decisions.set(claim.identifier[0].value, decision);
      },
    });
    const providers = new Set<string>();
    for (const file of REQUESTS) {
      const request = fresh(sample(file).json);
      const sender = request.entry[0].resource.sender.identifier.value;
      providers.add(sender);
      const sent = await (await gw.client(sender)).send(request);
      expect(sent.status, file).toBe(200);
    }
    while ((await sim.runOnce()) > 0);
    await sim.stop();
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    expect(sim.counts).toMatchObject({ refused: 0, gaveUp: 0, answered: REQUESTS.length });

    // What the providers received: every ClaimResponse, nested ones of the batch answer included.
    const responses: any[] = [];
    for (const licence of providers) {
      const { messages } = await (await gw.client(licence)).poll({ count: 100 });
      for (const message of messages) {
        const walk = (bundle: any): void => {
          for (const entry of bundle.entry ?? []) {
            if (entry.resource?.resourceType === 'ClaimResponse') responses.push(entry.resource);
            if (entry.resource?.resourceType === 'Bundle') walk(entry.resource);
          }
        };
        walk(message.bundle);
      }
    }
    expect(responses.length).toBe(decisions.size);
    const seen = { rejected: new Set<string>(), approved: 0 };
    for (const response of responses) {
      const decision = decisions.get(response.request.identifier.value);
      expect(decision, response.request.identifier.value).toBeDefined();
      expect(response.outcome).toBe('complete');
      if (decision!.decision === 'reject') {
        seen.rejected.add(decision!.reason!);
        expect(outcomeOf(response)).toBe('rejected');
        for (const item of response.item) {
          expect(outcomeOf(item)).toBe('rejected');
          const benefit = item.adjudication.find((a: any) => a.category.coding[0].code === 'benefit');
          expect(benefit.reason.coding[0]).toMatchObject({ system: 'http://nphies.sa/terminology/CodeSystem/adjudication-reason', code: decision!.reason });
          expect(benefit.amount.value).toBe(0);
        }
        expect(response.preAuthPeriod).toBeUndefined();
      } else {
        seen.approved += 1;
        expect(outcomeOf(response)).toBe('approved');
        expect(response.item.every((item: any) => outcomeOf(item) === 'approved')).toBe(true);
      }
    }
    // Dental (CV-1-4), institutional prior authorization of 5,750 SAR (CV-1-8), professional S62 + 83620-00-10 (AD-1-4).
    expect(seen.rejected).toEqual(new Set(['CV-1-4', 'CV-1-8', 'AD-1-4']));
    expect(seen.approved).toBeGreaterThan(2);
  });
});
