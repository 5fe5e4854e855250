/** poll-request (SPEC section 6): count, filters, leases, acknowledgement and the queued-messages tag. */
import { describe, expect, it } from 'vitest';
import { errorsOf, focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

describe('poll-request', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20', WASL_LEASE_MS: '400' });

  async function submit(file: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const message = fresh(sample(file).json);
      const provider = await gw.client(message.entry[0].resource.sender.identifier.value);
      expect((await provider.send(message)).status).toBe(200);
      ids.push(message.id);
    }
    return ids;
  }

  it('the official poll-request sample is answered with a poll-response', async () => {
    const provider = await gw.client('N-F-00001');
    const reply = await provider.send(sample('12a-poll-request.json').text);
    expect(reply.status).toBe(200);
    expect(headerOf(reply.json).eventCoding.code).toBe('poll-response');
    expect(focalOf(reply.json).status).toBe('completed');
  });

  it('hands out count messages in FIFO order, leases them, redelivers the same Bundle ids after the lease, and forgets acknowledged ones', async () => {
    const ids = await submit('5a-preauth-professional-request.json', 3);
    const payer = await gw.client('N-I-00001');
    const first = await payer.poll({ count: 2 });
    expect(first.messages.map((m) => m.bundleId)).toEqual(ids.slice(0, 2));
    // More is waiting: the poll-response says so.
    expect(headerOf(first.result.json).meta.tag).toEqual([{ system: 'http://nphies.sa/terminology/CodeSystem/meta-tags', code: 'queued-messages' }]);
    const second = await payer.poll({ count: 5 });
    expect(second.messages.map((m) => m.bundleId)).toEqual([ids[2]]);
    expect(headerOf(second.result.json).meta.tag).toBeUndefined();
    expect((await payer.poll({ count: 5 })).messages).toEqual([]);
    await new Promise((r) => setTimeout(r, 500));
    const again = await payer.poll({ count: 5, acknowledge: [ids[0]!] });
    expect(again.messages.map((m) => m.bundleId)).toEqual(ids.slice(1));
    await payer.poll({ count: 1, acknowledge: ids.slice(1), include: ['none'] });
    await new Promise((r) => setTimeout(r, 500));
    expect((await payer.poll({ count: 5 })).messages).toEqual([]);
  });

  it('include-message-type and exclude-message-type select by event', async () => {
    const [claim] = await submit('7a-claim-dental-request.json', 1);
    const [elig] = await submit('14a-eligibilty-request-ben-val.json', 1);
    const payer = await gw.client('N-I-00001');
    const onlyElig = await payer.poll({ count: 10, include: ['eligibility-request'] });
    expect(onlyElig.messages.map((m) => m.bundleId)).toEqual([elig]);
    const notElig = await payer.poll({ count: 10, exclude: ['eligibility-request'] });
    expect(notElig.messages.map((m) => m.bundleId)).toEqual([claim]);
    await payer.poll({ count: 1, acknowledge: [claim!, elig!], include: ['none'] });
  });

  it('a long poll (wait input) is answered the moment a message is queued, and empty when the wait ends', async () => {
    const payer = await gw.client('N-I-00001');
    const started = Date.now();
    const empty = await payer.poll({ count: 1, wait: 1, include: ['claim-request'] });
    expect(empty.messages).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const polling = payer.poll({ count: 1, wait: 20, include: ['claim-request'] });
    await new Promise((r) => setTimeout(r, 200));
    // An eligibility request does not match the filter: the poll keeps waiting for the claim.
    const [elig] = await submit('14a-eligibilty-request-ben-val.json', 1);
    const [claim] = await submit('7a-claim-dental-request.json', 1);
    const woken = await polling;
    expect(woken.messages.map((m) => m.bundleId)).toEqual([claim]);
    expect(Date.now() - started).toBeLessThan(15_000);
    await payer.poll({ count: 1, acknowledge: [claim!, elig!], include: ['none'] });
  });

  it('count above 100 fails the poll with DT-01303; include with exclude with BV-00874', async () => {
    const payer = await gw.client('N-I-00001');
    const tooMany = await payer.poll({ count: 101 });
    expect(tooMany.result.status).toBe(200);
    expect(focalOf(tooMany.result.json).status).toBe('failed');
    expect(errorsOf(tooMany.result.json)).toEqual([{ code: 'DT-01303', expression: 'Bundle.entry[1].resource.input[0].valuePositiveInt' }]);
    const both = await payer.poll({ include: ['claim-request'], exclude: ['eligibility-request'] });
    expect(errorsOf(both.result.json).map((e) => e.code)).toEqual(['BV-00874']);
  });

  it('a provider answer left in its queue makes the next answer carry the queued-messages tag', async () => {
    const provider = await gw.client('N-F-00003');
    await submit('7a-claim-dental-request.json', 1);
    const payer = await gw.client('N-I-00001');
    const { messages } = await payer.poll({ count: 1, include: ['claim-request'] });
    const { answerRequest } = await import('../../src/payer-sim/answers.js');
    const answer = answerRequest(messages[0]!.bundle, { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' })!;
    expect((await payer.send(answer)).status).toBe(200);
    // The provider's claim-response waits in its queue: its next answer says so.
    const next = await provider.send(fresh(sample('7a-claim-dental-request.json').json));
    expect(headerOf(next.json).meta.tag).toContainEqual({ system: 'http://nphies.sa/terminology/CodeSystem/meta-tags', code: 'queued-messages' });
  });
});

describe('a hub with its own licence (WASL_GATEWAY_LICENCE)', () => {
  const gw = useTestGateway({ WASL_GATEWAY_LICENCE: 'HUB-01', WASL_SYNC_WINDOW_MS: '20' });

  it('takes polls addressed to its licence and refuses ones addressed to "NPHIES" with BV-00456', async () => {
    const payer = await gw.client('N-I-00001');
    const ours = await payer.poll({ count: 1, gatewayLicence: 'HUB-01' });
    expect(focalOf(ours.result.json).status).toBe('completed');
    expect(headerOf(ours.result.json).sender.identifier.value).toBe('HUB-01');
    const theirs = await payer.poll({ count: 1 });
    expect(errorsOf(theirs.result.json)).toEqual([{ code: 'BV-00456', expression: 'Bundle.entry[0].resource.destination[0].receiver' }]);
  });
});
