/**
 * End-to-end scenarios for the flows that act on an earlier claim or concern a payer's faulty
 * answer (SPEC sections 4 and 6), through the real server: cancel and nullify (state-checked by
 * business identifier), status-check (where the claim is), a second message for a known claim
 * identifier, BV-00540, and the error-notice a payer receives for an answer the gateway rejects.
 */
import { describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/payer-sim/answers.js';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { errorsOf, focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample, targetOf, taskFor } from '../support/samples.js';

const PAYER = { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };

describe('flows on an earlier claim', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '60000' });

  /** The payer polls its queue for one event and answers each message as the reference payer would. */
  async function payerAnswers(payer: WaslClient, event: string, edit?: (answer: any) => void): Promise<any[]> {
    const { messages } = await payer.poll({ count: 10, include: [event] });
    const replies: any[] = [];
    for (const m of messages) {
      const answer = answerRequest(m.bundle as any, PAYER)!;
      edit?.(answer);
      replies.push((await payer.send(answer)).json);
    }
    return replies;
  }

  const eventOf = (message: any): string => message.entry[0].resource.eventCoding.code;

  async function newClaim(provider: WaslClient): Promise<any> {
    const claim = targetOf(sample('9b-statuscheck-request.json').json);
    // Each scenario acts on its own claim: a second claim with the same identifier would be a duplicate.
    claim.entry[1].resource.identifier[0].value = `claim-${claim.id}`;
    const reply = await provider.send(claim);
    expect(errorsOf(reply.json)).toEqual([]);
    expect(focalOf(reply.json).outcome).toBe('queued');
    return claim;
  }

  it('status-check of an unknown claim is BV-00459; cancel BV-00222; nullify BV-00141, at Task.focus.identifier, and nothing reaches the payer', async () => {
    const provider = await gw.client('N-F-00002');
    const ghost = targetOf(sample('9b-statuscheck-request.json').json); // never sent
    for (const [file, code, expected] of [
      ['9b-statuscheck-request.json', undefined, 'BV-00459'],
      ['17a-cancel-request.json', 'cancel', 'BV-00222'],
      ['17a-cancel-request.json', 'nullify', 'BV-00141'],
    ] as const) {
      const reply = await provider.send(taskFor(file, ghost, code));
      expect(focalOf(reply.json).status).toBe('failed');
      expect(errorsOf(reply.json)).toEqual([{ code: expected, expression: 'Bundle.entry[1].resource.focus.identifier' }]);
    }
    const payer = await gw.client('N-I-00001');
    expect((await payer.poll({ count: 10, include: ['status-check', 'cancel-request'] })).messages).toEqual([]);
  });

  it('a claim of another provider cannot be cancelled or checked (the identifier is not theirs)', async () => {
    const owner = await gw.client('N-F-00002');
    const claim = await newClaim(owner);
    // N-F-00001 names N-F-00002's claim identifier in a status check of its own.
    const lookalike = fresh(sample('10-claim-professional-request.json').json);
    lookalike.entry[1].resource.identifier = structuredClone(claim.entry[1].resource.identifier);
    const other = taskFor('9b-statuscheck-request.json', lookalike);
    const reply = await (await gw.client('N-F-00001')).send(other);
    expect(errorsOf(reply.json).map((e) => e.code)).toContain('BV-00459');
  });

  it('status-check while the payer is silent: the hub answers queued, then delivered once polled, then answered with the payer outcome', async () => {
    const provider = await gw.client('N-F-00002');
    const payer = await gw.client('N-I-00001');
    const claim = await newClaim(provider);
    const progress = async () => {
      const reply = await provider.send(taskFor('9b-statuscheck-request.json', claim));
      const task = focalOf(reply.json);
      expect(headerOf(reply.json).eventCoding.code).toBe('status-response');
      expect(task.status).toBe('completed');
      expect(task.meta.tag[0].code).toBe('NPHIES generated');
      return { state: task.businessStatus.coding[0].code, output: task.output[0].valueCode };
    };
    expect(await progress()).toEqual({ state: 'queued', output: 'queued' });
    // The payer polls the claim (leased, not answered) ...
    const { messages } = await payer.poll({ count: 10, include: [eventOf(claim)] });
    expect(messages.map((m) => m.bundleId)).toContain(claim.id);
    expect(await progress()).toEqual({ state: 'delivered', output: 'queued' });
    // ... and answers it.
    for (const m of messages) await payer.send(answerRequest(m.bundle as any, PAYER)!);
    expect(await progress()).toEqual({ state: 'answered', output: 'complete' });
    // The payer's queue also got the status checks; clear them.
    const checks = await payer.poll({ count: 10, include: ['status-check'] });
    await payer.poll({ count: 1, acknowledge: checks.messages.map((m) => m.bundleId), include: ['none'] });
  });

  it('cancel confirmed by the payer: the claim is cancelled, a second cancel is BV-00445, a nullify BV-00143, a late answer BV-00525 with an error-notice to the payer', async () => {
    const provider = await gw.client('N-F-00002');
    const payer = await gw.client('N-I-00001');
    const claim = await newClaim(provider);
    const claimMessages = await payer.poll({ count: 10, include: [eventOf(claim)] });
    const polledClaim = claimMessages.messages.find((m) => m.bundleId === claim.id)!;

    const cancel = await provider.send(taskFor('17a-cancel-request.json', claim, 'cancel'));
    expect(errorsOf(cancel.json)).toEqual([{ code: 'GE-00012', expression: undefined }]); // payer silent inside the window
    const [ack] = await payerAnswers(payer, 'cancel-request');
    expect(headerOf(ack).response.code).toBe('ok');

    const again = await provider.send(taskFor('17a-cancel-request.json', claim, 'cancel'));
    expect(errorsOf(again.json)).toEqual([{ code: 'BV-00445', expression: 'Bundle.entry[1].resource.focus.identifier' }]);
    const nullify = await provider.send(taskFor('17a-cancel-request.json', claim, 'nullify'));
    expect(errorsOf(nullify.json)).toEqual([{ code: 'BV-00143', expression: 'Bundle.entry[1].resource.focus.identifier' }]);

    const status = await provider.send(taskFor('9b-statuscheck-request.json', claim));
    expect(focalOf(status.json).businessStatus.coding[0].code).toBe('cancelled');

    // The payer answers the cancelled claim anyway: rejected, and told so in its queue.
    const late = answerRequest(polledClaim.bundle as any, PAYER)!;
    const lateAck = (await payer.send(late)).json;
    expect(headerOf(lateAck).response.code).toBe('fatal-error');
    expect(errorsOf(lateAck)).toEqual([{ code: 'BV-00525', expression: 'Bundle.entry[0].resource.response.identifier' }]);
    const notices = await payer.poll({ count: 10, include: ['error-notice'] });
    expect(notices.messages).toHaveLength(1);
    const notice = notices.messages[0]!.bundle as any;
    expect(headerOf(notice).response.identifier).toBe(headerOf(late).id);
    expect(headerOf(notice).destination[0].receiver.identifier.value).toBe('N-I-00001');
    expect(errorsOf(notice).map((e) => e.code)).toEqual(['BV-00525']);
    await payer.poll({ count: 1, acknowledge: notices.messages.map((m) => m.bundleId), include: ['none'] });
    // The provider got the cancel-response (and the gateway's answers), never the late claim-response.
    const mine = await provider.poll({ count: 20 });
    const answersToClaim = mine.messages.filter((m) => (m.bundle as any).entry[0].resource.response?.identifier === claim.entry[0].resource.id);
    expect(answersToClaim).toEqual([]);
    expect(mine.messages.map((m) => m.event)).toContain('cancel-response');
    await provider.poll({ count: 1, acknowledge: mine.messages.map((m) => m.bundleId), include: ['none'] });
    const left = await payer.poll({ count: 20 });
    await payer.poll({ count: 1, acknowledge: left.messages.map((m) => m.bundleId), include: ['none'] });
  });

  it('nullify confirmed by the payer: status says nullified, and a later cancel or nullify is BV-00144', async () => {
    const provider = await gw.client('N-F-00002');
    const payer = await gw.client('N-I-00001');
    const claim = await newClaim(provider);
    await provider.send(taskFor('17a-cancel-request.json', claim, 'nullify'));
    await payerAnswers(payer, 'cancel-request');
    const status = await provider.send(taskFor('9b-statuscheck-request.json', claim));
    expect(focalOf(status.json).businessStatus.coding[0].code).toBe('nullified');
    for (const code of ['cancel', 'nullify'] as const) {
      const again = await provider.send(taskFor('17a-cancel-request.json', claim, code));
      expect(errorsOf(again.json)).toEqual([{ code: 'BV-00144', expression: 'Bundle.entry[1].resource.focus.identifier' }]);
    }
    const drained = await payer.poll({ count: 20 });
    await payer.poll({ count: 1, acknowledge: drained.messages.map((m) => m.bundleId), include: ['none'] });
  });

  it('a cancel the payer refuses (Task failed) leaves the claim active', async () => {
    const provider = await gw.client('N-F-00002');
    const payer = await gw.client('N-I-00001');
    const claim = await newClaim(provider);
    await provider.send(taskFor('17a-cancel-request.json', claim, 'cancel'));
    await payerAnswers(payer, 'cancel-request', (answer) => {
      const task = answer.entry.find((e: any) => e.resource.resourceType === 'Task').resource;
      task.status = 'failed';
      task.statusReason = { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-status-reason', code: 'claimed' }] };
    });
    const status = await provider.send(taskFor('9b-statuscheck-request.json', claim));
    expect(focalOf(status.json).businessStatus.coding[0].code).not.toBe('cancelled');
    const drained = await payer.poll({ count: 20 });
    await payer.poll({ count: 1, acknowledge: drained.messages.map((m) => m.bundleId), include: ['none'] });
  });
});

describe('duplicates by business identifier and BV-00540', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  it('a new message for a claim identifier already accepted gets that claim\'s latest answer and is not queued twice', async () => {
    const first = fresh(sample('7a-claim-dental-request.json').json);
    const provider = await gw.client('N-F-00003');
    expect(focalOf((await provider.send(first)).json).outcome).toBe('queued');
    const second = fresh(first); // new Bundle and MessageHeader ids...
    second.entry[1].resource.identifier = structuredClone(first.entry[1].resource.identifier); // ...same Claim.identifier
    const again = await provider.send(second);
    expect(focalOf(again.json).outcome).toBe('queued');
    const payer = await gw.client('N-I-00001');
    const queued = await payer.poll({ count: 10, include: ['claim-request'] });
    expect(queued.messages.map((m) => m.bundleId)).toEqual([first.id]);
    // Once answered, the same identifier returns the payer's answer.
    await payer.send(answerRequest(queued.messages[0]!.bundle as any, PAYER)!);
    const third = fresh(first);
    third.entry[1].resource.identifier = structuredClone(first.entry[1].resource.identifier);
    const answered = await provider.send(third);
    expect(headerOf(answered.json).eventCoding.code).toBe('claim-response');
    expect(headerOf(answered.json).response.identifier).toBe(first.entry[0].resource.id);
    expect(focalOf(answered.json).outcome).toBe('complete');
  });

  it('an accepted claim whose SBS codes cannot be verified is queued, and the answer says so in an OperationOutcome of warnings', async () => {
    const provider = await gw.client('N-F-00003');
    const reply = await provider.send(fresh(sample('7a-claim-dental-request.json').json));
    expect(focalOf(reply.json).outcome).toBe('queued');
    const details = headerOf(reply.json).response.details.reference;
    const outcome = (reply.json as any).entry.find((e: any) => e.fullUrl === details).resource;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.map((i: any) => [i.severity, i.details.coding[0].code, i.expression[0]])).toEqual([
      ['warning', 'WASL_WARN_UNVERIFIABLE_CODE', 'Bundle.entry[1].resource.item[0].productOrService.coding[0]'],
    ]);
  });

  it('a claim whose identifier was only used by a rejected message is processed normally', async () => {
    const provider = await gw.client('N-F-00003');
    const broken = fresh(sample('7a-claim-dental-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    expect(focalOf((await provider.send(broken)).json).outcome).toBe('error');
    const fixed = fresh(sample('7a-claim-dental-request.json').json);
    fixed.entry[1].resource.identifier = structuredClone(broken.entry[1].resource.identifier);
    expect(focalOf((await provider.send(fixed)).json).outcome).toBe('queued');
  });

  it('the same Bundle.id and content under a new MessageHeader.id is BV-00540, not BV-00127', async () => {
    const provider = await gw.client('N-F-00003');
    const first = fresh(sample('7a-claim-dental-request.json').json);
    await provider.send(first);
    const renamed = structuredClone(first);
    const newHeaderId = crypto.randomUUID();
    renamed.entry[0].fullUrl = renamed.entry[0].fullUrl.replace(renamed.entry[0].resource.id, newHeaderId);
    renamed.entry[0].resource.id = newHeaderId;
    expect(errorsOf((await provider.send(renamed)).json)).toEqual([{ code: 'BV-00540', expression: 'Bundle.entry[0].resource.id' }]);
    const changed = structuredClone(first);
    changed.entry[1].resource.priority.coding[0].code = 'stat';
    expect(errorsOf((await provider.send(changed)).json)).toEqual([{ code: 'BV-00127', expression: 'Bundle.id' }]);
  });
});
