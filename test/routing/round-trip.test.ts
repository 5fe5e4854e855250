/**
 * A full round trip per event type: provider submits → the reference payer polls and answers →
 * the provider receives the answer, synchronously inside the window, and via `queued` + poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { errorsOf, focalOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample, targetOf } from '../support/samples.js';

const CASES = [
  { file: '14a-eligibilty-request-ben-val.json', answer: 'eligibility-response', focal: 'CoverageEligibilityResponse' },
  { file: '5a-preauth-professional-request.json', answer: 'priorauth-response', focal: 'ClaimResponse' },
  { file: '7a-claim-dental-request.json', answer: 'claim-response', focal: 'ClaimResponse' },
  { file: '16-batch-request.json', answer: 'batch-response', focal: 'ClaimResponse' },
  { file: '18b-communication-response-solicited.json', answer: 'acknowledgement', focal: undefined },
  { file: '17a-cancel-request.json', answer: 'cancel-response', focal: 'Task' },
  { file: '9b-statuscheck-request.json', answer: 'status-response', focal: 'Task' },
] as const;

const PAYERS = ['N-I-00001', 'INS-FHIR', '7001548317'];

async function simulators(gw: TestGateway): Promise<PayerSimulator[]> {
  return Promise.all(PAYERS.map(async (licence) => new PayerSimulator({ client: await gw.client(licence), idleMs: 20 })));
}

describe('round trip inside the synchronous window', () => {
  let gw: TestGateway;
  let sims: PayerSimulator[];
  beforeAll(async () => {
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '10000' });
    sims = await simulators(gw);
    for (const sim of sims) sim.start();
  });
  afterAll(async () => {
    for (const sim of sims) await sim.stop();
    await gw.stop();
  });

  for (const c of CASES) {
    it(`${c.file}: the provider gets the payer's ${c.answer} in the HTTP answer`, async () => {
      const request = fresh(sample(c.file).json);
      const header = request.entry[0].resource;
      const provider = await gw.client(header.sender.identifier.value);
      if (c.focal === 'Task') await provider.send(targetOf(request));
      const reply = await provider.send(request);
      expect(reply.status).toBe(200);
      const answerHeader = (reply.json as any).entry[0].resource;
      expect(answerHeader.eventCoding.code).toBe(c.answer);
      expect(answerHeader.response.identifier).toBe(header.id);
      expect(answerHeader.sender.identifier.value).toBe(header.destination[0].receiver.identifier.value);
      expect(errorsOf(reply.json)).toEqual([]);
      if (c.focal) expect(focalOf(reply.json).resourceType).toBe(c.focal);
      if (c.focal === 'ClaimResponse' || c.focal === 'CoverageEligibilityResponse') expect(focalOf(reply.json).outcome).toBe('complete');
      if (c.focal === 'Task') expect(focalOf(reply.json).status).toBe('completed');
      // Answered synchronously: nothing is left queued for the provider, and the payer's queue is empty.
      const { messages } = await provider.poll({ count: 10 });
      expect(messages).toEqual([]);
    });
  }

  it('an approved prior authorization carries preAuthRef and preAuthPeriod', async () => {
    const request = fresh(sample('5a-preauth-professional-request.json').json);
    const reply = await (await gw.client('N-F-00001')).send(request);
    const claimResponse = focalOf(reply.json);
    expect(claimResponse.preAuthRef).toMatch(/^PA-/);
    expect(claimResponse.preAuthPeriod.start).toBeDefined();
    expect(claimResponse.item.length).toBe(request.entry[1].resource.item.length);
  });
});

describe('round trip through queued and provider poll', () => {
  let gw: TestGateway;
  let sims: PayerSimulator[];
  beforeAll(async () => {
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '100' });
    sims = await simulators(gw);
  });
  afterAll(async () => {
    await gw.stop();
  });

  for (const c of CASES) {
    it(`${c.file}: queued (or gateway-made) now, the payer's ${c.answer} by poll later`, async () => {
      const request = fresh(sample(c.file).json);
      const header = request.entry[0].resource;
      const provider = await gw.client(header.sender.identifier.value);
      const target = c.focal === 'Task' ? targetOf(request) : undefined;
      if (target) await provider.send(target);
      const first = await provider.send(request);
      expect(first.status).toBe(200);
      const firstFocal = focalOf(first.json);
      if (c.answer === 'eligibility-response') {
        // Real time only: the gateway answers itself, GE-00012, tagged as generated.
        expect(firstFocal.outcome).toBe('error');
        expect(errorsOf(first.json).map((e) => e.code)).toEqual(['GE-00012']);
        expect(firstFocal.meta.tag[0].code).toBe('NPHIES generated');
      } else if (firstFocal?.resourceType === 'ClaimResponse') {
        expect(firstFocal.outcome).toBe('queued');
      } else if (c.answer === 'status-response') {
        // The payer is silent: the hub says where the claim is (queued, never delivered).
        expect(firstFocal.status).toBe('completed');
        expect(firstFocal.businessStatus.coding[0].code).toBe('queued');
        expect(firstFocal.output[0].valueCode).toBe('queued');
      } else if (firstFocal?.resourceType === 'Task') {
        expect(errorsOf(first.json).map((e) => e.code)).toEqual(['GE-00012']);
      }

      for (const sim of sims) await sim.runOnce();

      const polled = await provider.poll({ count: 10, include: [c.answer] });
      expect(polled.result.status).toBe(200);
      expect(polled.messages).toHaveLength(1);
      const answer = polled.messages[0]!;
      expect(answer.event).toBe(c.answer);
      expect((answer.bundle as any).entry[0].resource.response.identifier).toBe(header.id);
      // Acknowledged: it is not handed out again.
      const after = await provider.poll({ count: 10, acknowledge: [answer.bundleId], include: [c.answer] });
      expect(after.messages).toEqual([]);
      // The answer to the target claim was queued for the provider too; acknowledge it.
      const rest = await provider.poll({ count: 10 });
      await provider.poll({ count: 1, acknowledge: rest.messages.map((m) => m.bundleId), include: ['none'] });
    });
  }
});
