/** The service endpoints around `$process-message`: tokens, metadata, health, keys, `$validate`. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClientAssertion } from '../../src/security/tokens.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { errorsOf, focalOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('service endpoints', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  async function assertion(licence: string, audience = `${gw.url}/auth/token`): Promise<string> {
    const privateJwk = JSON.parse(await readFile(participantKeyPath(gw.dataDir, licence), 'utf8'));
    return createClientAssertion({ licence, privateJwk, audience });
  }

  function tokenForm(clientAssertion: string, grant = 'client_credentials'): string {
    return new URLSearchParams({
      grant_type: grant,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }).toString();
  }

  it('POST /auth/token issues a bearer token for a signed client assertion (SMART Backend Services)', async () => {
    const reply = await gw.post('/auth/token', tokenForm(await assertion('N-F-00001')), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ token_type: 'bearer', expires_in: 300 });
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const poll = await fetch(`${gw.url}/$process-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${reply.json.access_token}` },
      body: sample('12a-poll-request.json').text,
    });
    expect(poll.status).toBe(200);
  });

  it('refuses a wrong grant (400 invalid_grant), an assertion for another audience and a replayed assertion (401 invalid_client)', async () => {
    const wrongGrant = await gw.post('/auth/token', tokenForm(await assertion('N-F-00001'), 'password'), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongGrant.status).toBe(400);
    expect(wrongGrant.json).toMatchObject({ error: 'invalid_grant', code: 'WASL_ERR_INVALID_GRANT' });
    const wrongAudience = await gw.post('/auth/token', tokenForm(await assertion('N-F-00001', 'https://elsewhere.example/token')), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.json).toMatchObject({ error: 'invalid_client', code: 'WASL_ERR_INVALID_CLIENT' });
    const once = await assertion('N-F-00001');
    expect((await gw.post('/auth/token', tokenForm(once), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    expect((await gw.post('/auth/token', tokenForm(once), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
  });

  it('`wasl token <licence>` prints a token the server accepts (same WASL_DATA_DIR)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/wasl.ts'), 'token', 'N-F-00002'], {
      cwd: ROOT,
      env: { ...process.env, WASL_DATA_DIR: gw.dataDir, WASL_PORT: String(gw.config.port) },
    });
    const token = stdout.trim();
    const body = fresh(sample('4-preauth-pharmacy-request.json').json);
    const reply = await gw.post('/$process-message', JSON.stringify(body), { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` });
    expect(reply.status).toBe(200);
    expect(focalOf(reply.json).outcome).toBe('queued');
  });

  it('GET /metadata is a CapabilityStatement listing every routed event; also under the FHIR base', async () => {
    for (const path of ['/metadata', '/fhir/metadata']) {
      const response = await fetch(`${gw.url}${path}`);
      expect(response.status).toBe(200);
      const statement = await response.json();
      expect(statement.resourceType).toBe('CapabilityStatement');
      expect(statement.fhirVersion).toBe('4.0.1');
      const events = statement.messaging[0].supportedMessage.map((m: any) => m.definition.split('#')[1]);
      expect(events).toEqual(expect.arrayContaining(['eligibility-request', 'priorauth-request', 'claim-request', 'poll-request', 'claim-response']));
      // Subscriptions are announced with the topic a subscriber names in Subscription.criteria.
      const subscription = statement.rest[0].resource.find((r: any) => r.type === 'Subscription');
      expect(subscription.extension[0].valueCanonical).toBe(`${gw.url}/SubscriptionTopic/queued-messages`);
    }
  });

  it('GET /healthz, /readyz, /.well-known/jwks.json and /.well-known/smart-configuration', async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    const jwks = await (await fetch(`${gw.url}/.well-known/jwks.json`)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(jwks.keys[0].d).toBeUndefined();
    const smart = await (await fetch(`${gw.url}/.well-known/smart-configuration`)).json();
    expect(smart.token_endpoint).toBe(`${gw.url}/auth/token`);
  });

  it('POST /fhir/$process-message works like /$process-message', async () => {
    const provider = await gw.client('N-F-00003');
    const reply = await gw.post('/fhir/$process-message', JSON.stringify(fresh(sample('7a-claim-dental-request.json').json)), {
      'content-type': 'application/fhir+json; charset=utf-8',
      authorization: `Bearer ${await provider.token()}`,
    });
    expect(reply.status).toBe(200);
    expect(focalOf(reply.json).outcome).toBe('queued');
  });

  it('POST /$validate runs the same layers without routing and lists every finding', async () => {
    const provider = await gw.client('N-F-00003');
    const broken = fresh(sample('7a-claim-dental-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    broken.entry[1].resource.subType.coding[0].code = 'ip';
    broken.entry[1].resource.patient.reference = 'http://elsewhere.example/Patient/1';
    const before = (await gw.gateway.store.stats('N-I-00001')).depth;
    const reply = await gw.post('/$validate', JSON.stringify(broken), { 'content-type': 'application/fhir+json', authorization: `Bearer ${await provider.token()}` });
    expect(reply.status).toBe(200);
    expect(reply.json.resourceType).toBe('OperationOutcome');
    expect(reply.json.issue.filter((i: any) => i.severity === 'error').map((i: any) => [i.details.coding[0].code, i.expression[0]])).toEqual([
      ['RE-00015', 'Bundle.entry[1].resource.patient'],
      ['BV-00165', 'Bundle.entry[1].resource.use'],
      ['BV-00366', 'Bundle.entry[1].resource.subType.coding[0].code'],
    ]);
    expect((await gw.gateway.store.stats('N-I-00001')).depth).toBe(before);
    const clean = await gw.post('/$validate', sample('7a-claim-dental-request.json').text, { 'content-type': 'application/fhir+json', authorization: `Bearer ${await provider.token()}` });
    // Valid: only the warning that the SBS procedure code cannot be verified without the licensed list.
    expect(clean.json.issue.map((i: any) => [i.severity, i.details.coding[0].code])).toEqual([['warning', 'WASL_WARN_UNVERIFIABLE_CODE']]);
  });
});

describe('an invalid message (level 2)', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  it('gets HTTP 200 and a ClaimResponse with outcome error listing every finding, linked to the request, and is not routed', async () => {
    const provider = await gw.client('N-F-00003');
    const broken = fresh(sample('7a-claim-dental-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    broken.entry[1].resource.subType.coding[0].code = 'ip';
    const reply = await provider.send(broken);
    expect(reply.status).toBe(200);
    const header = (reply.json as any).entry[0].resource;
    expect(header.eventCoding.code).toBe('claim-response');
    expect(header.response.identifier).toBe(broken.entry[0].resource.id);
    expect(header.destination[0].receiver.identifier.value).toBe('N-F-00003');
    const claimResponse = focalOf(reply.json);
    expect(claimResponse.outcome).toBe('error');
    expect(claimResponse.error[0].code.coding[0]).toMatchObject({
      system: 'http://nphies.sa/terminology/CodeSystem/adjudication-error',
      code: 'BV-00165',
      display: 'Claim use does not match the MessageHeader event coding value',
      extension: [{ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-error-expression', valueString: 'Bundle.entry[1].resource.use' }],
    });
    expect(errorsOf(reply.json)).toEqual([
      { code: 'BV-00165', expression: 'Bundle.entry[1].resource.use' },
      { code: 'BV-00366', expression: 'Bundle.entry[1].resource.subType.coding[0].code' },
    ]);
    expect((await gw.gateway.store.stats('N-I-00001')).depth).toBe(0);
  });

  it('an invalid eligibility request gets a CoverageEligibilityResponse with outcome error, in Arabic when asked', async () => {
    const provider = await gw.client('N-F-00001', 'ar');
    const broken = fresh(sample('14a-eligibilty-request-ben-val.json').json);
    broken.entry[0].resource.focus[0].reference = 'http://nowhere.example/CoverageEligibilityRequest/1';
    const reply = await provider.send(broken);
    const focal = (reply.json as any).entry[1].resource;
    expect(focal.resourceType).toBe('CoverageEligibilityResponse');
    expect(focal.outcome).toBe('error');
    expect(focal.error[0].code.coding[0]).toMatchObject({ code: 'RE-00169', display: 'المرجع لا يشير إلى مورد صالح' });
  });

  it('an invalid cancel-request gets a failed Task', async () => {
    const provider = await gw.client('PR-FHIR');
    const broken = fresh(sample('17a-cancel-request.json').json);
    broken.entry[1].resource.meta.profile = ['http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/task'];
    const reply = await provider.send(broken);
    expect(focalOf(reply.json)).toMatchObject({ resourceType: 'Task', status: 'failed' });
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00225', expression: 'Bundle.entry[1].resource.meta.profile[0]' }]);
  });
});
