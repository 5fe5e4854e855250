/**
 * The participant admin API (issue 13, item 1; src/http/plugins/admin.ts) on a real gateway:
 * admin role only, every change validated and recorded as a `participant` ledger entry, in
 * effect at once, and the ledger still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../src/audit/verify-ledger.js';
import { LICENCE_SYSTEMS } from '../../../src/security/participants/participant.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { admin, clientOf, eligibilityFrom, expectRefused, newProvider, type NewParticipant } from '../../security/participants/onboarding.js';

const PATH = '/admin/participants';

describe('admin API: /admin/participants', () => {
  let gw: TestGateway;
  let adminToken: string;
  let hospital: NewParticipant;
  beforeAll(async () => {
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '20' });
    adminToken = await (await gw.client('ADMIN-1')).token();
    hospital = await newProvider('N-F-09001');
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('is for the admin role: provider, payer and regulator tokens get 403 WASL_ERR_FORBIDDEN_ROLE, no token 401', async () => {
    for (const licence of ['N-F-00001', 'N-I-00001', 'REG-CHI']) {
      const token = await (await gw.client(licence)).token();
      expectRefused(await admin(gw.url, token, 'GET', PATH), 403, 'WASL_ERR_FORBIDDEN_ROLE');
      expectRefused(await admin(gw.url, token, 'POST', PATH, hospital.record), 403, 'WASL_ERR_FORBIDDEN_ROLE');
      expectRefused(await admin(gw.url, token, 'POST', `${PATH}/N-F-00002/$block`), 403, 'WASL_ERR_FORBIDDEN_ROLE');
    }
    expectRefused(await admin(gw.url, undefined, 'GET', PATH), 401, 'WASL_ERR_UNAUTHENTICATED');
    expect(gw.gateway.registry.get('N-F-09001')).toBeUndefined();
    expect(gw.gateway.registry.get('N-F-00002')?.status).toBe('active');
  });

  it('lists and reads participants; an unknown licence is 404 WASL_ERR_UNKNOWN_PARTICIPANT', async () => {
    const list = await admin(gw.url, adminToken, 'GET', PATH);
    expect(list.status).toBe(200);
    expect(list.json.participants.map((p: any) => p.licence)).toEqual(expect.arrayContaining(['N-F-00001', 'N-I-00001', 'REG-CHI', 'ADMIN-1']));
    const one = await admin(gw.url, adminToken, 'GET', `${PATH}/N-I-00001`);
    expect(one.json).toMatchObject({ licence: 'N-I-00001', role: 'payer', licenceSystem: LICENCE_SYSTEMS.payer, status: 'active', delivery: { mode: 'poll' } });
    expectRefused(await admin(gw.url, adminToken, 'GET', `${PATH}/N-F-NOBODY`), 404, 'WASL_ERR_UNKNOWN_PARTICIPANT');
  });

  it('refuses invalid participants with 422 and the faulty field, unreadable bodies with 400, and writes nothing', async () => {
    const head = await gw.gateway.store.ledgerHead();
    const cases: [unknown, string][] = [
      [{ ...hospital.record, licenceSystem: LICENCE_SYSTEMS.payer }, 'participant.licenceSystem'],
      [{ ...hospital.record, credentials: { publicJwk: hospital.privateJwk } }, 'participant.credentials.publicJwk.d'],
      [{ ...hospital.record, credentials: { publicJwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } } }, 'participant.credentials.publicJwk.crv'],
      [{ ...hospital.record, delivery: { mode: 'push', endpoint: 'payer.example/wasl' } }, 'participant.delivery.endpoint'],
      [{ ...hospital.record, delivery: { mode: 'push', endpoint: 'ftp://payer.example/' } }, 'participant.delivery.endpoint'],
      [{ ...hospital.record, role: 'gateway' }, 'participant.role'],
      [{ ...hospital.record, licence: '../etc' }, 'participant.licence'],
      [[hospital.record], 'participant'],
    ];
    for (const [body, expression] of cases) expectRefused(await admin(gw.url, adminToken, 'POST', PATH, body), 422, 'WASL_ERR_INVALID_PARTICIPANT', expression);
    expectRefused(await admin(gw.url, adminToken, 'POST', PATH, '{"licence":'), 400, 'GE-00013');
    expect(await gw.gateway.store.ledgerHead()).toEqual(head);
    expect(gw.gateway.registry.get('N-F-09001')).toBeUndefined();
  });

  it('onboards a provider (201, Location, ledger entry) that can then get a token and submit; a second POST is 409', async () => {
    const created = await admin(gw.url, adminToken, 'POST', PATH, hospital.record);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${PATH}/N-F-09001`);
    expect(created.json).toMatchObject({ licence: 'N-F-09001', role: 'provider', licenceSystem: LICENCE_SYSTEMS.provider, status: 'active', delivery: { mode: 'poll' }, limits: {} });
    expect(created.headers.get('x-wasl-change')).toMatch(/^added; /);
    const seq = Number(created.headers.get('x-wasl-ledger-seq'));
    const [entry] = await gw.gateway.store.readLedger(seq, 1);
    expect(entry?.kind).toBe('participant');
    expect(JSON.parse(entry!.body)).toMatchObject({ subject: 'N-F-09001', detail: expect.stringContaining('role provider') });
    expect(entry!.body).not.toContain(String(hospital.privateJwk.d));

    const answer = await clientOf(gw.url, hospital).send(eligibilityFrom('N-F-09001'));
    expect(answer.status).toBe(200);

    expectRefused(await admin(gw.url, adminToken, 'POST', PATH, hospital.record), 409, 'WASL_ERR_PARTICIPANT_EXISTS');
  });

  it('PATCH changes delivery, limits and key; status, fixed and unknown fields are 422', async () => {
    const url = `${PATH}/N-I-00001`;
    const push = await admin(gw.url, adminToken, 'PATCH', url, { delivery: { mode: 'push', endpoint: 'https://user:secret@payer.example/wasl?token=t' } });
    expect(push.status).toBe(200);
    expect(push.json.delivery).toEqual({ mode: 'push', endpoint: 'https://user:secret@payer.example/wasl?token=t' });
    expect(push.headers.get('x-wasl-change')).toBe('delivery.endpoint none -> https://payer.example/wasl; delivery.mode poll -> push');
    expect((await gw.gateway.store.readLedger(Number(push.headers.get('x-wasl-ledger-seq')), 1))[0]!.body).not.toContain('secret');
    const back = await admin(gw.url, adminToken, 'PATCH', url, { delivery: { mode: 'poll' } });
    expect(back.json.delivery).toEqual({ mode: 'poll' });

    const limits = await admin(gw.url, adminToken, 'PATCH', `${PATH}/N-F-09001`, { limits: { requestsPerMinute: 600 } });
    expect(limits.headers.get('x-wasl-change')).toBe('limits.requestsPerMinute none -> 600');
    expect(gw.gateway.registry.get('N-F-09001')?.limits).toEqual({ requestsPerMinute: 600 });
    const same = await admin(gw.url, adminToken, 'PATCH', `${PATH}/N-F-09001`, { limits: { requestsPerMinute: 600 } });
    expect(same.headers.get('x-wasl-change')).toBe('none');
    expect(same.headers.get('x-wasl-ledger-seq')).toBeNull();

    const rotated = await newProvider('N-F-09001');
    const key = await admin(gw.url, adminToken, 'PATCH', `${PATH}/N-F-09001`, { credentials: rotated.record.credentials });
    expect(key.headers.get('x-wasl-change')).toMatch(/^credentials\.publicJwk sha256:\S+ -> sha256:\S+$/);
    await expect(clientOf(gw.url, hospital).token()).rejects.toThrow(/401/);
    expect((await clientOf(gw.url, rotated).send(eligibilityFrom('N-F-09001'))).status).toBe(200);
    hospital = rotated;

    expectRefused(await admin(gw.url, adminToken, 'PATCH', url, { status: 'blocked' }), 422, 'WASL_ERR_INVALID_PARTICIPANT', 'participant.status');
    expectRefused(await admin(gw.url, adminToken, 'PATCH', url, { role: 'provider' }), 422, 'WASL_ERR_INVALID_PARTICIPANT', 'participant.role');
    expectRefused(await admin(gw.url, adminToken, 'PATCH', url, { colour: 'blue' }), 422, 'WASL_ERR_INVALID_PARTICIPANT', 'participant.colour');
    expectRefused(await admin(gw.url, adminToken, 'PATCH', url, {}), 422, 'WASL_ERR_INVALID_PARTICIPANT', 'participant');
    expectRefused(await admin(gw.url, adminToken, 'PATCH', url, { limits: { requestsPerMinute: 0 } }), 422, 'WASL_ERR_INVALID_PARTICIPANT', 'participant.limits.requestsPerMinute');
    expectRefused(await admin(gw.url, adminToken, 'PATCH', `${PATH}/N-F-NOBODY`, { limits: {} }), 404, 'WASL_ERR_UNKNOWN_PARTICIPANT');
  });

  it('$block refuses the participant at once (GE-00030), $unblock lets it back', async () => {
    const blocked = await admin(gw.url, adminToken, 'POST', `${PATH}/N-F-09001/$block`);
    expect(blocked.status).toBe(200);
    expect(blocked.json.status).toBe('blocked');
    expect(blocked.headers.get('x-wasl-change')).toBe('status active -> blocked');
    const refused = await clientOf(gw.url, hospital).send(eligibilityFrom('N-F-09001'));
    expect(refused.status).toBe(403);
    expect((refused.json as any).issue[0].details.coding[0].code).toBe('GE-00030');
    const unblocked = await admin(gw.url, adminToken, 'POST', `${PATH}/N-F-09001/$unblock`);
    expect(unblocked.headers.get('x-wasl-change')).toBe('status blocked -> active');
    expect((await clientOf(gw.url, hospital).send(eligibilityFrom('N-F-09001'))).status).toBe(200);
    expectRefused(await admin(gw.url, adminToken, 'POST', `${PATH}/N-F-NOBODY/$block`), 404, 'WASL_ERR_UNKNOWN_PARTICIPANT');
  });

  it('every change is a participant ledger entry, in order, and the ledger verifies', async () => {
    const entries = await gw.gateway.store.readLedger(1, 10_000);
    const changes = entries.filter((e) => e.kind === 'participant').map((e) => JSON.parse(e.body) as { subject: string; detail: string });
    // The demo participants imported from participants.json at the first start, then the API's changes.
    expect(changes.filter((c) => c.detail === 'imported from participants.json').map((c) => c.subject)).toEqual(expect.arrayContaining(['N-F-00001', 'ADMIN-1']));
    expect(changes.filter((c) => c.subject === 'N-F-09001').map((c) => c.detail.split(';')[0])).toEqual([
      'added',
      'limits.requestsPerMinute none -> 600',
      expect.stringMatching(/^credentials\.publicJwk /),
      'status active -> blocked',
      'status blocked -> active',
    ]);
    expect(await verifyLedger(gw.gateway.store)).toMatchObject({ ok: true });
  });
});
