/**
 * The messages the gateway makes itself (SPEC section 4: error answers, `queued` answers, GE-00012,
 * acknowledgements, the status answer, error-notices, poll-responses) are NPHIES messages too:
 * they must pass the gateway's own validation of their event, as a payer's answer would. Each is
 * captured over HTTP from a real gateway, answering official request samples.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/payer-sim/answers.js';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { loadConfig } from '../../src/config.js';
import type { EventDefinition } from '../../src/fhir/events.js';
import { readEnvelope } from '../../src/fhir/message.js';
import { isBlocking } from '../../src/findings/finding.js';
import { buildValidation, type Validation } from '../../src/validation/build.js';
import { errorsOf, focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample, targetOf } from '../support/samples.js';
import { findingsOf } from '../support/validator.js';

const PAYER = { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };

/**
 * poll-response and error-notice are not in the events catalogue (schemas/messaging/events.json),
 * so no business rule is assigned to them: the pipeline can only run its layers (R4 schema,
 * profiles, terminology) under a stand-in definition. That is checked here; the rules are not.
 */
const UNCATALOGUED: Record<string, EventDefinition> = {
  'poll-response': { code: 'poll-response', kind: 'response', sentBy: ['provider', 'payer'], receivedBy: ['provider', 'payer'], focal: ['Task'], answers: ['poll-request'] },
  'error-notice': { code: 'error-notice', kind: 'response', sentBy: ['payer'], receivedBy: ['payer'], focal: ['OperationOutcome'], answers: [] },
};

type Found = { code: string; expression: string | undefined };

function blockingOf(bundle: any): Found[] {
  return findingsOf(bundle);
}

describe('messages the gateway makes pass its own validation', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '60000' });
  let layersOnly: Validation;
  beforeAll(() => {
    const { schemasDir, profilesDir } = loadConfig({});
    layersOnly = buildValidation({ schemasDir, profilesDir });
  });

  function layerFindingsOf(bundle: unknown): { code: string; expression: string | undefined }[] {
    const read = readEnvelope(bundle);
    if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
    const event = UNCATALOGUED[read.envelope.event ?? ''];
    if (!event) throw new Error(`${read.envelope.event} is in the catalogue: use findingsOf`);
    expect(layersOnly.events.get(event.code)).toBeUndefined();
    return layersOnly.validator.validate(read.envelope, event).filter(isBlocking).map((f) => ({ code: f.code, expression: f.expression }));
  }

  async function senderOf(message: any): Promise<WaslClient> {
    return gw.client(headerOf(message).sender.identifier.value);
  }

  async function send(message: any): Promise<any> {
    const reply = await (await senderOf(message)).send(message);
    expect(reply.status).toBe(200);
    return reply.json;
  }

  /** A Task sample (cancel, status-check) after the claim it names was sent, so the gateway accepts it. */
  async function taskWithTarget(file: string): Promise<any> {
    const task = fresh(sample(file).json);
    const target = targetOf(task);
    expect(focalOf(await send(target)).outcome).toBe('queued');
    return task;
  }

  describe('error responses', () => {
    it('for a claim', async () => {
      const claim = fresh(sample('7a-claim-dental-request.json').json);
      delete claim.entry[1].resource.priority;
      const answer = await send(claim);
      expect(headerOf(answer).eventCoding.code).toBe('claim-response');
      expect(focalOf(answer).outcome).toBe('error');
      expect(errorsOf(answer).length).toBeGreaterThan(0);
      expect(blockingOf(answer)).toEqual([]);
    });

    it('for a prior authorization', async () => {
      const preauth = fresh(sample('5a-preauth-professional-request.json').json);
      delete preauth.entry[1].resource.priority;
      const answer = await send(preauth);
      expect(headerOf(answer).eventCoding.code).toBe('priorauth-response');
      expect(focalOf(answer).outcome).toBe('error');
      expect(blockingOf(answer)).toEqual([]);
    });

    it('for an eligibility request', async () => {
      const ask = fresh(sample('14a-eligibilty-request-ben-val.json').json);
      delete ask.entry[1].resource.created;
      const answer = await send(ask);
      expect(headerOf(answer).eventCoding.code).toBe('eligibility-response');
      expect(focalOf(answer).outcome).toBe('error');
      expect(errorsOf(answer).map((e) => e.code)).not.toContain('GE-00012');
      expect(blockingOf(answer)).toEqual([]);
    });

    it('for a cancel of an unknown claim (BV-00222)', async () => {
      const answer = await send(fresh(sample('17a-cancel-request.json').json));
      expect(headerOf(answer).eventCoding.code).toBe('cancel-response');
      expect(errorsOf(answer).map((e) => e.code)).toEqual(['BV-00222']);
      expect(blockingOf(answer)).toEqual([]);
    });

    it('for a status-check of an unknown claim (BV-00459)', async () => {
      const answer = await send(fresh(sample('9b-statuscheck-request.json').json));
      expect(headerOf(answer).eventCoding.code).toBe('status-response');
      expect(errorsOf(answer).map((e) => e.code)).toEqual(['BV-00459']);
      expect(blockingOf(answer)).toEqual([]);
    });
  });

  describe('queued responses while the payer is silent', () => {
    for (const [file, event] of [
      ['10-claim-professional-request.json', 'claim-response'],
      ['preauth-professional-outpatient-request.json', 'priorauth-response'],
      ['16-batch-request.json', 'acknowledgement'],
      ['18c-communication-response-unsolicited.json', 'acknowledgement'],
    ] as const) {
      it(`for ${file}`, async () => {
        const answer = await send(fresh(sample(file).json));
        expect(headerOf(answer).eventCoding.code).toBe(event);
        expect(errorsOf(answer)).toEqual([]);
        expect(blockingOf(answer)).toEqual([]);
      });
    }
  });

  describe('GE-00012 when a real-time request is not answered in time', () => {
    it('for an eligibility request', async () => {
      const answer = await send(fresh(sample('14a-eligibilty-request-ben-val.json').json));
      expect(errorsOf(answer).map((e) => e.code)).toEqual(['GE-00012']);
      expect(blockingOf(answer)).toEqual([]);
    });

    it('for a cancel request', async () => {
      const answer = await send(await taskWithTarget('17a-cancel-request.json'));
      expect(headerOf(answer).eventCoding.code).toBe('cancel-response');
      expect(errorsOf(answer).map((e) => e.code)).toEqual(['GE-00012']);
      expect(blockingOf(answer)).toEqual([]);
    });
  });

  it('the status answer the hub gives for a silent payer (progressResponse)', async () => {
    const answer = await send(await taskWithTarget('9b-statuscheck-request.json'));
    expect(headerOf(answer).eventCoding.code).toBe('status-response');
    expect(focalOf(answer).businessStatus.coding[0].code).toBe('queued');
    expect(blockingOf(answer)).toEqual([]);
  });

  describe('acknowledgements', () => {
    it('ok, for a communication-request', async () => {
      const answer = await send(fresh(sample('18a-communication-request.json').json));
      expect(headerOf(answer)).toMatchObject({ eventCoding: { code: 'acknowledgement' }, response: { code: 'ok' } });
      expect(blockingOf(answer)).toEqual([]);
    });

    it('fatal-error, for a payer answer to no known request; the error-notice the payer is sent', async () => {
      const claim = fresh(sample('7a-claim-dental-request.json').json);
      await send(claim);
      const payer = await gw.client('N-I-00001');
      const { messages } = await payer.poll({ count: 1, include: ['claim-request'] });
      const late = answerRequest(messages[0]!.bundle as any, PAYER)! as any;
      headerOf(late).response.identifier = crypto.randomUUID();
      const ack = (await payer.send(late)).json;
      expect(headerOf(ack)).toMatchObject({ eventCoding: { code: 'acknowledgement' }, response: { code: 'fatal-error' } });
      expect(errorsOf(ack).map((e) => e.code)).toEqual(['BV-00175']);
      expect(blockingOf(ack)).toEqual([]);

      const notices = await payer.poll({ count: 10, include: ['error-notice'], acknowledge: messages.map((m) => m.bundleId) });
      expect(notices.messages).toHaveLength(1);
      const notice = notices.messages[0]!.bundle;
      expect(errorsOf(notice).map((e) => e.code)).toEqual(['BV-00175']);
      expect(layerFindingsOf(notice)).toEqual([]);
      await payer.poll({ count: 1, include: ['none'], acknowledge: notices.messages.map((m) => m.bundleId) });
    });
  });

  describe('poll-responses', () => {
    it('with no message', async () => {
      const { result, messages } = await (await gw.client('N-F-00003')).poll({ count: 5, include: ['none'] });
      expect(messages).toEqual([]);
      expect(headerOf(result.json).eventCoding.code).toBe('poll-response');
      expect(layerFindingsOf(result.json)).toEqual([]);
    });

    it('with two nested messages', async () => {
      for (const file of ['7a-claim-dental-request.json', '7a-claim-dental-request.json']) await send(fresh(sample(file).json));
      const payer = await gw.client('N-I-00001');
      const { result, messages } = await payer.poll({ count: 2, include: ['claim-request'] });
      expect(messages).toHaveLength(2);
      expect(layerFindingsOf(result.json)).toEqual([]);
      await payer.poll({ count: 1, include: ['none'], acknowledge: messages.map((m) => m.bundleId) });
    });
  });
});
