/**
 * Issue 9, item 6: one final answer per request. A payer answering the same request twice used to
 * be acknowledged `ok` twice, and the provider received two claim-responses for one claim. A
 * second answer is refused with the official code of its event (BV-00055 claim, BV-00121 prior
 * authorization, BV-00152 eligibility, BV-00940 the others); a correction (ClaimResponse with a
 * reissue-reason, NPHIES sample 2e) is routed. Checked inside the store's atomic write, so two
 * answers racing on two instances cannot both pass. Asserted on both store adapters.
 */
import { expect, it } from 'vitest';
import type { WaslClient } from '../../../src/client/wasl-client.js';
import { answerRequest } from '../../../src/payer-sim/answers.js';
import { describeOnBothStores } from '../../support/both-stores.js';
import { errorsOf, focalOf, headerOf } from '../../support/gateway.js';
import { fresh, sample } from '../../support/samples.js';

const PAYER = { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };
const REISSUE = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-reissue';

describeOnBothStores('a second answer to one request', { WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '60000' }, (gw) => {
  /** Sends a fresh copy of a sample as its provider and returns it as the payer polled it. */
  async function delivered(file: string, provider: WaslClient, payer: WaslClient): Promise<Record<string, any>> {
    const message = fresh(sample(file).json);
    await provider.send(message);
    const { messages } = await payer.poll({ count: 20, include: [message.entry[0].resource.eventCoding.code] });
    const polled = messages.find((m) => m.bundleId === message.id);
    expect(polled).toBeDefined();
    return polled!.bundle as Record<string, any>;
  }

  /** Answers the provider received for one request, from its queue. */
  async function answersFor(provider: WaslClient, requestHeaderId: string, event: string): Promise<unknown[]> {
    const { messages } = await provider.poll({ count: 50, include: [event] });
    await provider.poll({ count: 1, acknowledge: messages.map((m) => m.bundleId), include: ['none'] });
    return messages.filter((m) => headerOf(m.bundle).response?.identifier === requestHeaderId);
  }

  it('a second claim-response is BV-00055, acknowledged fatal-error, with an error-notice, and the provider receives one answer', async () => {
    const provider = await gw.client('N-F-00003');
    const payer = await gw.client('N-I-00001');
    const claim = await delivered('7a-claim-dental-request.json', provider, payer);
    const first = await payer.send(answerRequest(claim, PAYER)!);
    expect(headerOf(first.json).response.code).toBe('ok');
    const second = await payer.send(answerRequest(claim, PAYER)!);
    expect(headerOf(second.json).response.code).toBe('fatal-error');
    expect(errorsOf(second.json)).toEqual([{ code: 'BV-00055', expression: 'Bundle.entry[0].resource.response.identifier' }]);
    const notices = await payer.poll({ count: 10, include: ['error-notice'] });
    expect(notices.messages.length).toBeGreaterThan(0);
    await payer.poll({ count: 1, acknowledge: notices.messages.map((m) => m.bundleId), include: ['none'] });
    expect(await answersFor(provider, headerOf(claim).id, 'claim-response')).toHaveLength(1);
  });

  it('two answers racing: exactly one is accepted', async () => {
    const provider = await gw.client('N-F-00003');
    const payer = await gw.client('N-I-00001');
    const claim = await delivered('7a-claim-dental-request.json', provider, payer);
    const replies = await Promise.all([1, 2, 3].map(() => payer.send(answerRequest(claim, PAYER)!)));
    const codes = replies.map((r) => headerOf(r.json).response.code).sort();
    expect(codes).toEqual(['fatal-error', 'fatal-error', 'ok']);
    await payer.poll({ count: 10, include: ['error-notice'] }).then((n) => payer.poll({ count: 1, acknowledge: n.messages.map((m) => m.bundleId), include: ['none'] }));
    expect(await answersFor(provider, headerOf(claim).id, 'claim-response')).toHaveLength(1);
  });

  it('a second prior-authorization response is BV-00121 unless it carries a reissue reason (a correction, routed)', async () => {
    const provider = await gw.client('N-F-00003');
    const payer = await gw.client('N-I-00001');
    const request = await delivered('2a-first-preauth-dental-request-with-multiple-items.json', provider, payer);
    expect(headerOf((await payer.send(answerRequest(request, PAYER)!)).json).response.code).toBe('ok');
    const plain = await payer.send(answerRequest(request, PAYER)!);
    expect(errorsOf(plain.json)).toEqual([{ code: 'BV-00121', expression: 'Bundle.entry[0].resource.response.identifier' }]);
    const correction = answerRequest(request, PAYER)!;
    const response = focalOf(correction);
    response.extension = [...(response.extension ?? []), { url: REISSUE, valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/reissue-reason', code: 'correction' }] } }];
    const corrected = await payer.send(correction);
    expect(errorsOf(corrected.json)).toEqual([]);
    expect(headerOf(corrected.json).response.code).toBe('ok');
    await payer.poll({ count: 10, include: ['error-notice'] }).then((n) => payer.poll({ count: 1, acknowledge: n.messages.map((m) => m.bundleId), include: ['none'] }));
    expect(await answersFor(provider, headerOf(request).id, 'priorauth-response')).toHaveLength(2);
  });

  it('a second eligibility response is BV-00152', async () => {
    const provider = await gw.client('N-F-00001');
    const payer = await gw.client('N-I-00001');
    const request = await delivered('14a-eligibilty-request-ben-val.json', provider, payer);
    expect(headerOf((await payer.send(answerRequest(request, PAYER)!)).json).response.code).toBe('ok');
    const again = await payer.send(answerRequest(request, PAYER)!);
    expect(errorsOf(again.json)).toEqual([{ code: 'BV-00152', expression: 'Bundle.entry[0].resource.response.identifier' }]);
    await payer.poll({ count: 10, include: ['error-notice'] }).then((n) => payer.poll({ count: 1, acknowledge: n.messages.map((m) => m.bundleId), include: ['none'] }));
  });
});
