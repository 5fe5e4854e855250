/**
 * The reference payer's answer to every official request sample a payer receives is accepted by the
 * real gateway (acknowledged `ok`) and reaches the provider (issue 10, item 2). Payment
 * reconciliation (13a) and communication-request (18a) go from a payer to a provider, and payment
 * notice (13b) needs no answer: the reference payer plays no part in them.
 */
import { describe, expect, it } from 'vitest';
import { PayerSimulator, type AnswerVerdict } from '../../src/payer-sim/simulator.js';
import { answerEventFor } from '../../src/payer-sim/answers.js';
import { errorsOf, useTestGateway } from '../support/gateway.js';
import { fresh, manifest, sample, targetOf } from '../support/samples.js';

const ANSWERED = new Set(['eligibility-request', 'priorauth-request', 'claim-request', 'batch-request', 'communication', 'cancel-request', 'status-check']);

/** Official samples that break the R4 base schema (test/routing/samples.test.ts): sent with the defect corrected. */
const FIXES: Record<string, (bundle: any) => void> = {
  '9-claim-pharmacy-request.json': (b) => {
    b.entry[1].resource.supportingInfo[0].valueQuantity.value = 30;
  },
};

describe('the reference payer answers every official request sample acceptably', () => {
  // A short synchronous window: the provider gets its queued (or GE-00012) answer, the payer's answer comes by poll.
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });
  const rows = manifest().filter((row) => ANSWERED.has(row.event));

  it('covers every event the reference payer answers', () => {
    expect(new Set(rows.map((r) => r.event))).toEqual(ANSWERED);
  });

  for (const row of rows) {
    it(`${row.file} (${row.event}): the answer is acknowledged ok and reaches the provider`, async () => {
      const request = fresh(sample(row.file).json);
      FIXES[row.file]?.(request);
      const header = request.entry[0].resource;
      const provider = await gw.client(header.sender.identifier.value);
      const payer = await gw.client(header.destination[0].receiver.identifier.value);
      const verdicts: { event: string; verdict: AnswerVerdict }[] = [];
      const sim = new PayerSimulator({ client: payer, onAnswer: (event, _status, verdict) => verdicts.push({ event, verdict }) });
      if (row.event === 'cancel-request' || row.event === 'status-check') {
        // The claim the Task acts on must exist (BV-00222 / BV-00459); the payer answers it first.
        expect(errorsOf((await provider.send(targetOf(request))).json)).toEqual([]);
        await sim.runOnce();
      }
      const sent = await provider.send(request);
      expect(sent.status).toBe(200);
      expect(errorsOf(sent.json).filter((e) => e.code !== 'GE-00012')).toEqual([]);

      expect(await sim.runOnce()).toBeGreaterThan(0);
      await sim.stop();
      expect(verdicts.filter((v) => !v.verdict.ok)).toEqual([]);
      expect(verdicts.map((v) => v.event)).toContain(row.event);
      expect(sim.counts).toMatchObject({ refused: 0, gaveUp: 0, answered: verdicts.length });

      const { messages } = await provider.poll({ count: 100 });
      const answer = messages.find((m) => (m.bundle as any).entry[0].resource.response?.identifier === header.id);
      expect(answer?.event, `the ${answerEventFor(row.event)} in ${provider.licence}'s queue`).toBe(answerEventFor(row.event));
      expect((answer!.bundle as any).entry[0].resource.response.code).toBe('ok');
      await provider.poll({ count: 1, acknowledge: messages.map((m) => m.bundleId), include: ['none'] });
      // Nothing is left for the payer: every answer removed its request.
      expect((await payer.poll({ count: 100 })).messages).toEqual([]);
    });
  }
});
