/** A participant's answer is linked to the request it names, and only its addressee may give it. */
import { describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { errorsOf, focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const PAYER = { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };

describe('answers from payers', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '30' });

  async function pendingClaim(): Promise<{ request: any; polled: any }> {
    const request = fresh(sample('7a-claim-dental-request.json').json);
    await (await gw.client('N-F-00003')).send(request);
    const { messages } = await (await gw.client('N-I-00001')).poll({ count: 1, include: ['claim-request'] });
    expect(messages[0]!.bundleId).toBe(request.id);
    return { request, polled: messages[0]!.bundle };
  }

  it('an answer to no known request is BV-00175, acknowledged with fatal-error, and routed nowhere', async () => {
    const { polled } = await pendingClaim();
    const answer = answerRequest(polled, PAYER)!;
    headerOf(answer).response.identifier = crypto.randomUUID();
    const reply = await (await gw.client('N-I-00001')).send(answer);
    expect(reply.status).toBe(200);
    expect(headerOf(reply.json)).toMatchObject({ eventCoding: { code: 'acknowledgement' }, response: { code: 'fatal-error' } });
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00175', expression: 'Bundle.entry[0].resource.response.identifier' }]);
    expect((await (await gw.client('N-F-00003')).poll({ count: 10 })).messages).toEqual([]);
  });

  it('an answer with an event that does not answer the request is BV-00543', async () => {
    const { polled } = await pendingClaim();
    const answer = answerRequest(polled, PAYER)!;
    // An acknowledgement answers one-way messages, not claims.
    headerOf(answer).eventCoding.code = 'acknowledgement';
    const reply = await (await gw.client('N-I-00001')).send(answer);
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00543', expression: 'Bundle.entry[0].resource.eventCoding' }]);
  });

  it('an answer from a payer the request was not sent to is BV-00447', async () => {
    const { polled } = await pendingClaim();
    const answer: any = answerRequest(polled, { ...PAYER, licence: 'INS-FHIR' })!;
    // Make the answer itself consistent (GE-00033) so that only the routing rule is left to object.
    const insurer = focalOf(answer).insurer.reference;
    answer.entry.find((e: any) => e.fullUrl === insurer).resource.identifier[0].value = 'INS-FHIR';
    const reply = await (await gw.client('INS-FHIR')).send(answer);
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00447', expression: 'Bundle.entry[0].resource.sender' }]);
  });

  it('a valid answer is acknowledged ok, removes the request from the payer queue and reaches the provider', async () => {
    const { request, polled } = await pendingClaim();
    const payer = await gw.client('N-I-00001');
    const depth = (await gw.gateway.store.stats('N-I-00001')).depth;
    const answer = answerRequest(polled, PAYER)!;
    const reply = await payer.send(answer);
    expect(headerOf(reply.json)).toMatchObject({ eventCoding: { code: 'acknowledgement' }, response: { code: 'ok', identifier: headerOf(answer).id } });
    expect((await gw.gateway.store.stats('N-I-00001')).depth).toBe(depth - 1);
    const { messages } = await (await gw.client('N-F-00003')).poll({ count: 10 });
    expect(messages.map((m) => m.bundle)).toEqual([answer]);
    expect(headerOf(messages[0]!.bundle).response.identifier).toBe(headerOf(request).id);
  });

  it('a real-time request resent while still pending is BV-00542', async () => {
    const request = fresh(sample('14a-eligibilty-request-ben-val.json').json);
    const provider = await gw.client('N-F-00001');
    const first = await provider.send(request);
    expect(errorsOf(first.json).map((e) => e.code)).toEqual(['GE-00012']);
    const again = await provider.send(request);
    expect(focalOf(again.json).outcome).toBe('error');
    expect(errorsOf(again.json).map((e) => e.code)).toEqual(['BV-00542']);
  });
});
