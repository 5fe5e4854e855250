/**
 * Issue 9, "Hardening", what it must show: the authorization matrix. Every caller (each role, a
 * blocked provider and payer, no credential, a garbage token, another participant's token behind a
 * forged MessageHeader.sender, the metrics secret) × every route, × every event of events.json, ×
 * own and another participant's resources, on one real gateway. One `it` per cell; the cells are
 * the data of ./authorization-matrix/matrix.ts, which also renders the README's "Who may do what".
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { FILTER_CRITERIA_URL } from '../../src/routing/subscriptions/conventions.js';
import { initDevelopment } from '../../src/security/init.js';
import { LICENCE_SYSTEMS } from '../../src/security/participants/participant.js';
import { RestHookEndpoint } from '../routing/subscriptions/rest-hook-endpoint.js';
import { errorsOf, focalOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample, targetOf, taskFor } from '../support/samples.js';
import {
  ADDRESSEE_LICENCE,
  ADDRESSEES,
  addresseeCell,
  blockedAddressee,
  CALLERS,
  eventCell,
  EVENTS,
  OWNERSHIP,
  renderCell,
  renderEventTable,
  renderOwnershipTable,
  renderRouteTable,
  ROUTES,
  senderOf,
  VICTIM,
  type Caller,
  type CallerId,
  type RouteColumn,
} from './authorization-matrix/matrix.js';
import { addParticipants } from './authorization-matrix/participants.js';
import { addressed, call, Credentials, headerOf, identity, messageOf, METRICS_SECRET, observed, pollOf, type Reply } from './authorization-matrix/requests.js';

const FHIR = 'application/fhir+json';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';

let gw: TestGateway;
let dataDir: string;
let hook: RestHookEndpoint;
let credentials: Credentials;
/** Subscriptions each caller created in the `POST /Subscription` column. */
const created = new Map<CallerId, string>();
let victimSubscription: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wasl-authz-'));
  await initDevelopment(dataDir);
  await addParticipants(dataDir);
  hook = await RestHookEndpoint.start();
  gw = await startTestGateway(
    {
      WASL_SYNC_WINDOW_MS: '50',
      WASL_LEASE_MS: '60000',
      WASL_METRICS_TOKEN: METRICS_SECRET,
      // The hooks listen on loopback; the matrix sends more failed authentications than the default budget.
      WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1',
      WASL_AUTH_FAILURES_PER_IP_PER_MINUTE: '100000',
      WASL_RATE_LIMIT_DELAY_MS: '0',
    },
    dataDir,
  );
  credentials = new Credentials(gw);
  const victim = await call(gw, 'POST', '/Subscription', { authorization: `Bearer ${await credentials.token(VICTIM)}` }, { type: FHIR, text: JSON.stringify(subscription()) });
  expect(victim.status).toBe(201);
  victimSubscription = victim.json.id;
});

afterAll(async () => {
  await gw?.stop();
  await hook?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A rest-hook Subscription on the caller's own queue, or, with `recipient`, narrowed to that participant's queue. */
function subscription(recipient?: string): Record<string, unknown> {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'authorization matrix',
    criteria: `${gw.config.publicUrl}/SubscriptionTopic/queued-messages`,
    ...(recipient ? { _criteria: { extension: [{ url: FILTER_CRITERIA_URL, valueString: `recipient=${recipient}` }] } } : {}),
    channel: {
      type: 'rest-hook',
      endpoint: hook.url,
      payload: FHIR,
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: 'id-only' }] },
    },
  };
}

function bodyOf(route: RouteColumn, caller: Caller): Promise<{ type: string; text: string } | undefined> | { type: string; text: string } | undefined {
  switch (route.body) {
    case 'none':
      return undefined;
    case 'poll':
      return { type: FHIR, text: JSON.stringify(pollOf(caller)) };
    case 'sample':
      return { type: FHIR, text: sample('7a-claim-dental-request.json').text };
    case 'subscription':
      return { type: FHIR, text: JSON.stringify(subscription()) };
    case 'foreign-subscription':
      return { type: FHIR, text: JSON.stringify(subscription(VICTIM)) };
    case 'token-form':
      return credentials.tokenForm(caller).then((text) => ({ type: 'application/x-www-form-urlencoded', text }));
  }
}

function pathOf(route: RouteColumn, caller: Caller): string {
  return route.path.replace('{own}', created.get(caller.id) ?? 'no-subscription-of-this-caller').replace('{other}', victimSubscription);
}

/** What a granted request must also show, beyond its status. */
function checkGranted(route: RouteColumn, caller: Caller, reply: Reply): void {
  switch (route.id) {
    case 'metrics':
      expect(reply.text).toContain('# TYPE wasl_messages_total counter');
      break;
    case 'reports-compliance':
      expect(reply.json.scope).toEqual({ kind: 'sector' });
      break;
    case 'reports-mine':
      expect(reply.json.scope).toEqual({ kind: 'participant', licence: caller.tokenOf ?? caller.sender });
      break;
    case 'token':
      expect(reply.json.access_token).toEqual(expect.any(String));
      break;
    case 'poll /$process-message':
    case 'poll /fhir/$process-message':
      expect(headerOf(reply.json).eventCoding.code).toBe('poll-response');
      break;
    case 'subscription-create':
      created.set(caller.id, reply.json.id);
      expect(reply.headers.get('location')).toMatch(new RegExp(`/Subscription/${reply.json.id}$`));
      break;
    case 'subscription-list':
    case 'subscription-list-fhir':
      // Its own subscription only: never the victim's, never another caller's.
      expect((reply.json.entry ?? []).map((e: any) => e.resource.id)).toEqual([created.get(caller.id)]);
      break;
    case 'subscription-read-own':
      expect(reply.json.id).toBe(created.get(caller.id));
      break;
    default:
      break;
  }
}

describe('the authorization matrix: caller × route', () => {
  for (const route of ROUTES) {
    for (const caller of CALLERS) {
      const expected = route.expected[caller.id];
      it(`${route.method} ${route.path} as ${caller.id}: ${renderCell(expected)}`, async () => {
        const reply = await call(gw, route.method, pathOf(route, caller), await credentials.authorization(caller), await bodyOf(route, caller));
        expect(observed(reply), reply.text.slice(0, 300)).toEqual(expected);
        if (reply.status < 400) checkGranted(route, caller, reply);
        else if (reply.json?.resourceType === 'OperationOutcome') expect(reply.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      });
    }
  }

  it("another participant's Subscription: the 404 is the one an unknown id gets (no existence oracle), it names no owner or endpoint, and the subscription is untouched", async () => {
    const authorization = { authorization: `Bearer ${await credentials.token('N-F-00002')}` };
    for (const [method, suffix] of [['GET', ''], ['GET', '/$status'], ['DELETE', '']] as const) {
      const other = await call(gw, method, `/Subscription/${victimSubscription}${suffix}`, authorization);
      const unknown = await call(gw, method, `/Subscription/00000000-0000-4000-8000-000000000000${suffix}`, authorization);
      expect(other.status).toBe(404);
      // Equal but for the outcome's own random id and the id asked for.
      const same = (reply: Reply, id: string) => ({ ...reply.json, id: undefined, issue: JSON.parse(JSON.stringify(reply.json.issue).replaceAll(id, 'ID')) });
      expect(same(other, victimSubscription)).toEqual(same(unknown, '00000000-0000-4000-8000-000000000000'));
      expect(other.text).not.toContain(VICTIM);
      expect(other.text).not.toContain(hook.url);
    }
    const stored = await gw.gateway.store.findSubscription(victimSubscription);
    expect(stored?.owner).toBe(VICTIM);
    const own = await call(gw, 'GET', `/Subscription/${victimSubscription}`, { authorization: `Bearer ${await credentials.token(VICTIM)}` });
    expect(own.status).toBe(200);
  });
});

describe('the authorization matrix: caller × event ($process-message)', () => {
  /** An addressee that receives the event, of another role than the sender's where the event allows. */
  function receiverFor(event: (typeof EVENTS)[number], caller: Caller): string {
    if (event.receivedBy.includes('gateway')) return 'NPHIES';
    const role = event.receivedBy.find((r) => r !== (caller.role ?? 'provider')) ?? event.receivedBy[0]!;
    if (role === 'provider') return caller.sender === 'N-F-00001' ? 'N-F-00002' : 'N-F-00001';
    if (role === 'payer') return caller.sender === 'N-I-00001' ? 'INS-FHIR' : 'N-I-00001';
    return ADDRESSEE_LICENCE[role];
  }

  for (const event of EVENTS) {
    for (const caller of CALLERS) {
      const expected = eventCell(event, caller);
      it(`${event.code} as ${caller.id}: ${renderCell(expected)}`, async () => {
        const message = addressed(messageOf(event), identity(caller.sender), identity(receiverFor(event, caller)));
        const reply = await call(gw, 'POST', '/$process-message', await credentials.authorization(caller), { type: FHIR, text: JSON.stringify(message) });
        expect(observed(reply), reply.text.slice(0, 300)).toEqual(expected);
        if (expected.status === 200) {
          // Processed: the answer is a message answering this one (its findings are level 2's business).
          expect(reply.json.type).toBe('message');
          expect(headerOf(reply.json).response.identifier).toBe(headerOf(message).id);
        } else {
          expect(reply.json.resourceType).toBe('OperationOutcome');
          expect(await gw.gateway.store.findExchangeByBundle(caller.sender, message.id)).toBeUndefined();
        }
      });
    }
  }
});

describe('the authorization matrix: event × addressee (receivedBy)', () => {
  for (const event of EVENTS) {
    const sender = senderOf(event);
    for (const addressee of ADDRESSEES) {
      const receiver = addressee.kind === 'blocked' ? blockedAddressee(event) : ADDRESSEE_LICENCE[addressee.kind];
      if (receiver === undefined) continue;
      const expected = addresseeCell(event, addressee.kind);
      it(`${event.code} from ${sender.id} to ${receiver}: ${renderCell(expected)}`, async () => {
        const message = addressed(messageOf(event), identity(sender.sender), identity(receiver));
        const reply = await call(gw, 'POST', '/$process-message', await credentials.authorization(sender), { type: FHIR, text: JSON.stringify(message) });
        const { finding, ...refusal } = expected;
        expect(observed(reply), reply.text.slice(0, 300)).toEqual(refusal);
        if (finding !== undefined) {
          expect(errorsOf(reply.json).map((e) => e.code)).toContain(finding);
          expect(focalOf(reply.json).status).toBe('failed');
          expect(focalOf(reply.json).output.filter((o: any) => o.valueReference)).toEqual([]);
        }
        if (expected.status === 404) {
          expect(reply.json.issue[0].expression).toEqual(['Bundle.entry[0].resource.destination[0].receiver']);
          expect(await gw.gateway.store.queued(receiver, message.id)).toBeUndefined();
          expect(await gw.gateway.store.findExchangeByBundle(sender.sender, message.id)).toBeUndefined();
        }
      });
    }
  }
});

describe("the authorization matrix: own and another participant's resources", () => {
  const PAYERS = { 'N-I-00001': 'http://payer-1.example', 'INS-FHIR': 'http://ins-fhir.example' } as const;
  const payerSim = (licence: keyof typeof PAYERS) => ({ licence, system: LICENCE_SYSTEMS.payer, baseUrl: PAYERS[licence] });

  /** A fresh claim of N-F-00001 to N-I-00001, accepted and queued for the payer. */
  async function claimOfNF00001(): Promise<Record<string, any>> {
    const claim = fresh(sample('10-claim-professional-request.json').json);
    const sent = await (await gw.client('N-F-00001')).send(claim);
    expect(errorsOf(sent.json)).toEqual([]);
    expect(focalOf(sent.json).outcome).toBe('queued');
    return claim;
  }

  /** Polls with count 100 and gives back the Bundle ids delivered, acknowledging nothing. */
  async function polled(licence: string, options: { include?: string[]; acknowledge?: string[] } = {}): Promise<{ ids: string[]; receivers: string[] }> {
    const { result, messages } = await (await gw.client(licence)).poll({ count: 100, ...options });
    expect(result.status).toBe(200);
    return { ids: messages.map((m) => m.bundleId), receivers: messages.map((m) => headerOf(m.bundle).destination[0].receiver.identifier.value) };
  }

  /** The message with every bundled resource's identifier `from` (an Organization's licence) changed to `to`. */
  function renamed(original: Record<string, any>, from: string, to: string): Record<string, any> {
    // A copy: the reference payer's answer shares the request's Organization objects.
    const message = structuredClone(original);
    for (const entry of message.entry.slice(1)) {
      for (const identifier of entry.resource.identifier ?? []) if (identifier.value === from) identifier.value = to;
    }
    return message;
  }

  /** A message waiting in N-F-00001's queue: N-I-00001's answer to its claim, after the synchronous window. */
  let queuedForNF00001: string;

  const cases: Record<string, () => Promise<void>> = {
    'poll-isolation': async () => {
      const claim = await claimOfNF00001();
      const payer = await gw.client('N-I-00001');
      const { messages } = await payer.poll({ count: 100, include: ['claim-request'] });
      const delivered = messages.find((m) => m.bundleId === claim.id);
      expect(delivered).toBeDefined();
      const answer = answerRequest(delivered!.bundle, payerSim('N-I-00001'))!;
      expect(headerOf((await payer.send(answer)).json).response.code).toBe('ok');
      queuedForNF00001 = answer.id as string;
      expect(await gw.gateway.store.queued('N-F-00001', queuedForNF00001)).toBeDefined();

      const intruder = await polled('N-F-00002');
      expect(intruder.ids).not.toContain(queuedForNF00001);
      expect(intruder.receivers.filter((r) => r !== 'N-F-00002')).toEqual([]);
    },
    'payer-poll-isolation': async () => {
      const claim = await claimOfNF00001();
      const intruder = await polled('INS-FHIR');
      expect(intruder.ids).not.toContain(claim.id);
      expect(intruder.receivers.filter((r) => r !== 'INS-FHIR')).toEqual([]);
      expect(await gw.gateway.store.queued('N-I-00001', claim.id)).toBeDefined();
    },
    'ack-other': async () => {
      expect(queuedForNF00001).toBeDefined();
      await polled('N-F-00002', { include: ['none'], acknowledge: [queuedForNF00001] });
      expect(await gw.gateway.store.queued('N-F-00001', queuedForNF00001)).toBeDefined();
      const owner = await polled('N-F-00001', { include: ['claim-response'] });
      expect(owner.ids).toContain(queuedForNF00001);
      await polled('N-F-00001', { include: ['none'], acknowledge: [queuedForNF00001] });
      expect(await gw.gateway.store.queued('N-F-00001', queuedForNF00001)).toBeUndefined();
    },
    'answer-other-payer': async () => {
      const claim = await claimOfNF00001();
      // INS-FHIR's own Organization as the insurer (GE-00033 otherwise): a well-formed answer from the wrong payer.
      const reply = await (await gw.client('INS-FHIR')).send(renamed(answerRequest(claim, payerSim('INS-FHIR'))!, 'N-I-00001', 'INS-FHIR'));
      expect(reply.status).toBe(200);
      expect(headerOf(reply.json).eventCoding.code).toBe('acknowledgement');
      expect(headerOf(reply.json).response.code).toBe('fatal-error');
      expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00447', expression: 'Bundle.entry[0].resource.sender' }]);
      const provider = await polled('N-F-00001', { include: ['claim-response'] });
      expect(provider.ids.length).toBe(0);
      // The addressee's own answer still goes through: the refused one did not count as the answer.
      const own = await (await gw.client('N-I-00001')).send(answerRequest(claim, payerSim('N-I-00001'))!);
      expect(headerOf(own.json).response.code).toBe('ok');
      const answered = await polled('N-F-00001', { include: ['claim-response'] });
      await polled('N-F-00001', { include: ['none'], acknowledge: answered.ids });
    },
    'answer-other-provider': async () => {
      const claim = await claimOfNF00001();
      // The provider Organization renamed too (GE-00032 otherwise): a well-formed answer to the wrong provider.
      const answer = renamed(addressed(answerRequest(claim, payerSim('N-I-00001'))!, identity('N-I-00001'), identity('N-F-00002')), 'N-F-00001', 'N-F-00002');
      const reply = await (await gw.client('N-I-00001')).send(answer);
      expect(reply.status).toBe(200);
      expect(headerOf(reply.json).response.code).toBe('fatal-error');
      expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00175', expression: 'Bundle.entry[0].resource.response.identifier' }]);
      expect(await gw.gateway.store.queued('N-F-00002', answer.id)).toBeUndefined();
    },
    'notice-other': async () => {
      const reconciliation = fresh(sample('13a-payment-reconciliation.json').json);
      // The sample's schema defect corrected (README, Decisions): paymentIdentifier is 0..1.
      reconciliation.entry[1].resource.paymentIdentifier = reconciliation.entry[1].resource.paymentIdentifier[0];
      const sent = await (await gw.client('N-I-00001')).send(reconciliation);
      expect(errorsOf(sent.json)).toEqual([]);
      const noticeFrom = (provider: string) => {
        const notice = JSON.parse(JSON.stringify(fresh(sample('13b-payment-notice.json').json)).replaceAll('PR-FHIR', provider));
        focalOf(notice).payment.identifier = structuredClone(reconciliation.entry[1].resource.identifier[0]);
        return notice;
      };
      const stranger = noticeFrom('N-F-00001');
      const acknowledged = await (await gw.client('N-F-00001')).send(stranger);
      expect(acknowledged.status).toBe(200);
      expect(headerOf(acknowledged.json).response.code).toBe('ok');
      expect(await gw.gateway.store.queued('N-I-00001', stranger.id)).toBeUndefined();
      // The control: the provider that received the reconciliation is heard by its payer.
      const recipient = noticeFrom('N-F-00003');
      expect(headerOf((await (await gw.client('N-F-00003')).send(recipient)).json).response.code).toBe('ok');
      expect(await gw.gateway.store.queued('N-I-00001', recipient.id)).toBeDefined();
    },
    ...Object.fromEntries(
      (
        [
          ['status-other', '9b-statuscheck-request.json', undefined, 'status-response', 'BV-00459'],
          ['cancel-other', '17a-cancel-request.json', 'cancel', 'cancel-response', 'BV-00222'],
          ['nullify-other', '17a-cancel-request.json', 'nullify', 'cancel-response', 'BV-00141'],
        ] as const
      ).map(([id, file, code, response, rule]) => [
        id,
        async () => {
          // N-F-00002's claim to N-I-00001, accepted; then N-F-00001 acts on it by its identifier.
          const claim = targetOf(sample('9b-statuscheck-request.json').json);
          expect((await (await gw.client('N-F-00002')).send(claim)).status).toBe(200);
          const task = taskFor(file, claim, code);
          const header = task.entry[0].resource;
          header.sender.identifier.value = 'N-F-00001';
          const requester = task.entry.find((e: any) => e.resource.resourceType === 'Task').resource.requester.reference;
          const organisation = task.entry.find((e: any) => e.fullUrl === requester || e.fullUrl.endsWith(requester)).resource;
          for (const identifier of organisation.identifier) if (identifier.value === 'N-F-00002') identifier.value = 'N-F-00001';
          const reply = await (await gw.client('N-F-00001')).send(task);
          expect(reply.status).toBe(200);
          expect(headerOf(reply.json).eventCoding.code).toBe(response);
          expect(focalOf(reply.json).status).toBe('failed');
          expect(errorsOf(reply.json)).toEqual([{ code: rule, expression: expect.stringMatching(/^Bundle\.entry\[\d+\]\.resource\.focus\.identifier$/) }]);
        },
      ]),
    ),
    'subscription-other': async () => {
      // Asserted cell by cell in the caller × route matrix (the "another's" columns) and by the
      // no-oracle test there; here: after every caller tried, the victim's subscription is intact.
      const stored = await gw.gateway.store.findSubscription(victimSubscription);
      expect(stored).toMatchObject({ owner: VICTIM, endpoint: hook.url });
    },
  };

  it('every ownership case has a test', () => {
    expect(Object.keys(cases).sort()).toEqual(OWNERSHIP.map((c) => c.id).sort());
  });

  for (const c of OWNERSHIP) {
    it(`${c.what}: ${c.answer}`, async () => {
      await cases[c.id]!();
    });
  }
});

describe('the README shows the matrix as asserted', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

  it('the caller × route table', () => {
    expect(readme).toContain(renderRouteTable());
  });

  it('the event × role table', () => {
    expect(readme).toContain(renderEventTable());
  });

  it("the own and another's resources table", () => {
    expect(readme).toContain(renderOwnershipTable());
  });
});
