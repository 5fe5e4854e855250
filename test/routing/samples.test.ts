/**
 * Every official request sample is accepted by the real server and reaches its recipient's
 * poll unchanged (the nested Bundle deep-equals what was sent).
 */
import { describe, expect, it } from 'vitest';
import { errorsOf, focalOf, useTestGateway } from '../support/gateway.js';
import { fresh, manifest, REQUEST_EVENTS, sample, targetOf } from '../support/samples.js';

/**
 * Where a sample addressed to the gateway itself ends up. payment-notice is sent to NPHIES
 * (BV-00360); the gateway forwards it to the payer whose PaymentReconciliation it acknowledges.
 */
const ROUTED_TO: Record<string, string> = { '13b-payment-notice.json': 'N-I-00001' };

/**
 * The sample pack's payment notice (13b, from PR-FHIR) names the reconciliation 13a, which was
 * sent to N-F-00003: a provider may only acknowledge what it received (issue 9, item 3), so the
 * payer first sends the same reconciliation (13a, schema defect corrected) to PR-FHIR.
 */
function reconciliationFor(provider: string): Record<string, any> {
  const text = JSON.stringify(fresh(sample('13a-payment-reconciliation.json').json)).replaceAll('N-F-00003', provider);
  const bundle = JSON.parse(text);
  DEFECTS['13a-payment-reconciliation.json']!.fix(bundle);
  return bundle;
}

/**
 * Samples that break the FHIR R4 base schema, which NPHIES enforces too (README, "Decisions on
 * the official samples"). The gateway rejects them with the rule named here; a copy with only
 * that defect corrected (and fresh ids) is accepted and delivered.
 */
const DEFECTS: Record<string, { code: string; expression: string; fix: (bundle: any) => void }> = {
  '9-claim-pharmacy-request.json': {
    code: 'DT-01343',
    expression: 'Bundle.entry[1].resource.supportingInfo[0].valueQuantity.value',
    fix: (b) => {
      b.entry[1].resource.supportingInfo[0].valueQuantity.value = 30;
    },
  },
  '13a-payment-reconciliation.json': {
    code: 'IC-01438',
    expression: 'Bundle.entry[1].resource.paymentIdentifier',
    fix: (b) => {
      b.entry[1].resource.paymentIdentifier = b.entry[1].resource.paymentIdentifier[0];
    },
  },
};

describe('official NPHIES request samples', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '200' });

  const requests = manifest().filter((row) => REQUEST_EVENTS.has(row.event) && row.event !== 'poll-request');

  it('covers every request event of the sample pack', () => {
    expect(new Set(requests.map((r) => r.event))).toEqual(
      new Set(['eligibility-request', 'priorauth-request', 'claim-request', 'batch-request', 'communication-request', 'communication', 'cancel-request', 'status-check', 'payment-reconciliation', 'payment-notice']),
    );
  });

  for (const row of requests) {
    it(`${row.file} (${row.event}) is accepted and polled as sent by its recipient (the gateway's risk entries appended to prior authorizations and claims)`, async () => {
      let s = sample(row.file);
      const header = s.json.entry[0].resource;
      const sender = await gw.client(header.sender.identifier.value);
      if (row.event === 'cancel-request' || row.event === 'status-check') {
        // The claim the Task acts on must exist (BV-00222 / BV-00459).
        expect(errorsOf((await sender.send(targetOf(s.json))).json)).toEqual([]);
      }
      if (row.event === 'payment-notice') {
        const payer = await gw.client(ROUTED_TO[row.file]!);
        expect(errorsOf((await payer.send(reconciliationFor(header.sender.identifier.value))).json)).toEqual([]);
      }
      const defect = DEFECTS[row.file];
      if (defect) {
        const rejected = await sender.send(s.text);
        expect(rejected.status).toBe(200);
        expect(errorsOf(rejected.json)).toEqual([{ code: defect.code, expression: defect.expression }]);
        const corrected = fresh(s.json);
        defect.fix(corrected);
        s = { ...s, json: corrected, text: JSON.stringify(corrected) };
      }
      const answer = await sender.send(s.text);
      expect(answer.status).toBe(200);
      const errors = errorsOf(answer.json).filter((e) => e.code !== 'GE-00012');
      expect(errors).toEqual([]);
      const focal = focalOf(answer.json);
      if (focal?.outcome) expect(['queued', 'complete', 'error']).toContain(focal.outcome);
      if (focal?.outcome === 'error') expect(errorsOf(answer.json).map((e) => e.code)).toEqual(['GE-00012']);

      const recipient = await gw.client(ROUTED_TO[row.file] ?? header.destination[0].receiver.identifier.value);
      const { messages } = await recipient.poll({ count: 100, include: [row.event] });
      const delivered = messages.find((m) => m.bundleId === s.json.id);
      expect(delivered, `${row.file} in ${recipient.licence}'s queue`).toBeDefined();
      // The sender's entries as sent; after them, only what the gateway made (issue 14: a RiskAssessment and
      // any DetectedIssue, for prior authorizations and claims only).
      const entries = (delivered!.bundle as { entry: { resource: { meta?: { tag?: { code?: string }[] } } }[] }).entry;
      expect({ ...delivered!.bundle, entry: entries.slice(0, s.json.entry.length) }).toEqual(s.json);
      const added = entries.slice(s.json.entry.length);
      for (const entry of added) expect(entry.resource.meta?.tag?.map((tag) => tag.code)).toContain('gateway-generated');
      if (row.event !== 'priorauth-request' && row.event !== 'claim-request') expect(added).toEqual([]);
      await recipient.poll({ count: 1, acknowledge: messages.map((m) => m.bundleId), include: ['none'] });
    });
  }
});
