/**
 * How the authorization matrix's requests are made: the caller's Authorization header, the
 * message a caller sends for an event (a fresh copy of an official sample of that event,
 * re-addressed), and reading the code out of whatever the gateway answered.
 */
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { buildPollRequest } from '../../../src/client/poll-request.js';
import type { EventDefinition } from '../../../src/fhir/events.js';
import { answerRequest } from '../../../src/payer-sim/answers.js';
import { DEMO_PARTICIPANTS } from '../../../src/security/demo-participants.js';
import { LICENCE_SYSTEMS } from '../../../src/security/participants/participant.js';
import { participantKeyPath } from '../../../src/security/paths.js';
import { createClientAssertion } from '../../../src/security/tokens.js';
import { readAnswer, type TestGateway } from '../../support/gateway.js';
import { fresh, manifest, sample } from '../../support/samples.js';
import type { Caller, Cell } from './matrix.js';
import { EXTRA_PARTICIPANTS } from './participants.js';

export const METRICS_SECRET = 'authorization-matrix-metrics-secret-0123456789abcdef';
export const GARBAGE_TOKEN = 'not-a-token';

export interface Reply {
  readonly status: number;
  readonly text: string;
  readonly json: any;
  readonly headers: Headers;
}

/** Access tokens by licence, obtained once through `POST /auth/token` with the participant's own key. */
export class Credentials {
  readonly #gw: TestGateway;
  readonly #tokens = new Map<string, Promise<string>>();
  readonly #keys = new Map<string, Promise<JWK>>();

  constructor(gw: TestGateway) {
    this.#gw = gw;
  }

  key(licence: string): Promise<JWK> {
    let key = this.#keys.get(licence);
    if (!key) {
      key = readFile(participantKeyPath(this.#gw.dataDir, licence), 'utf8').then((text) => JSON.parse(text) as JWK);
      this.#keys.set(licence, key);
    }
    return key;
  }

  token(licence: string): Promise<string> {
    let token = this.#tokens.get(licence);
    if (!token) {
      token = this.#gw.client(licence).then((client) => client.token());
      this.#tokens.set(licence, token);
    }
    return token;
  }

  async authorization(caller: Caller): Promise<Record<string, string>> {
    switch (caller.credential) {
      case 'none':
        return {};
      case 'garbage':
        return { authorization: `Bearer ${GARBAGE_TOKEN}` };
      case 'metrics-secret':
        return { authorization: `Bearer ${METRICS_SECRET}` };
      case 'token':
        return { authorization: `Bearer ${await this.token(caller.tokenOf!)}` };
    }
  }

  /**
   * The token endpoint's form as the caller would send it: its licence (MessageHeader.sender's, so
   * the forged row claims N-F-00001) in an assertion signed with the key it holds.
   */
  async tokenForm(caller: Caller): Promise<string> {
    const base = { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' };
    switch (caller.credential) {
      case 'none':
        return '';
      case 'garbage':
        return new URLSearchParams({ ...base, client_assertion: GARBAGE_TOKEN }).toString();
      case 'metrics-secret':
        return new URLSearchParams({ ...base, client_assertion: METRICS_SECRET }).toString();
      case 'token': {
        const assertion = await createClientAssertion({ licence: caller.sender, privateJwk: await this.key(caller.tokenOf!), audience: `${this.#gw.url}/auth/token` });
        return new URLSearchParams({ ...base, client_assertion: assertion }).toString();
      }
    }
  }
}

export async function call(gw: TestGateway, method: string, path: string, headers: Record<string, string>, body?: { type: string; text: string }): Promise<Reply> {
  const response = await fetch(`${gw.url}${path}`, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': body.type } : {}) },
    ...(body ? { body: body.text } : {}),
  });
  return readAnswer(response);
}

/** The cell a reply fills: its status, and for a refusal the code it carries. */
export function observed(reply: Reply): Cell {
  if (reply.status < 400) return { status: reply.status };
  const json = reply.json;
  const code = json?.resourceType === 'OperationOutcome' ? json.issue?.[0]?.details?.coding?.[0]?.code : typeof json?.code === 'string' ? json.code : undefined;
  return code === undefined ? { status: reply.status } : { status: reply.status, code };
}

/** A poll of the caller's own queue that leases nothing (include `none`). */
export function pollOf(caller: Caller): Record<string, unknown> {
  return buildPollRequest({ licence: caller.sender, role: caller.role === 'payer' ? 'payer' : 'provider', count: 1, include: ['none'] });
}

const PAYER_SIM = { licence: 'N-I-00001', system: LICENCE_SYSTEMS.payer, baseUrl: 'http://payer.example' };

/** Official samples that break the R4 base schema: not used where a valid sample exists. */
const DEFECTIVE = new Set(['9-claim-pharmacy-request.json']);

/**
 * A fresh valid message of the event: the first official sample of it, or (batch-response and
 * acknowledgement have none) the reference payer's answer to an official request.
 */
export function messageOf(event: EventDefinition): Record<string, any> {
  if (event.code === 'batch-response') return answerRequest(fresh(sample('16-batch-request.json').json), PAYER_SIM)!;
  if (event.code === 'acknowledgement') return answerRequest(fresh(sample('18b-communication-response-solicited.json').json), PAYER_SIM)!;
  const row = manifest().find((r) => r.event === event.code && !DEFECTIVE.has(r.file));
  if (!row) throw new Error(`no sample of ${event.code}`);
  return fresh(sample(row.file).json);
}

/** The message re-addressed: MessageHeader.sender and the (first) destination's receiver licence. */
export function addressed(message: Record<string, any>, sender: { licence: string; system: string }, receiver: { licence: string; system: string }): Record<string, any> {
  const header = message.entry[0].resource;
  header.sender = { ...header.sender, identifier: { system: sender.system, value: sender.licence } };
  const destination = header.destination[0];
  destination.receiver = { ...destination.receiver, identifier: { system: receiver.system, value: receiver.licence } };
  return message;
}

const ROLE_OF: ReadonlyMap<string, keyof typeof LICENCE_SYSTEMS> = new Map<string, keyof typeof LICENCE_SYSTEMS>([
  ...DEMO_PARTICIPANTS.map((p) => [p.licence, p.role] as const),
  ...EXTRA_PARTICIPANTS.map((p) => [p.licence, p.role] as const),
  ['NPHIES', 'gateway'],
]);

/** A licence as a message names it (the system of its role). */
export function identity(licence: string): { licence: string; system: string } {
  return { licence, system: LICENCE_SYSTEMS[ROLE_OF.get(licence) ?? 'provider'] };
}

/** The answer bundle's MessageHeader. */
export function headerOf(bundle: any): any {
  return bundle?.entry?.[0]?.resource;
}
