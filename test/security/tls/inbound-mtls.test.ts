/**
 * Mutual TLS inbound (issue 13, item 2): a real HTTPS listener on loopback with the dev CA as client
 * CA, and real certificates issued in the test. Each refusal is the coded OperationOutcome the
 * README's onboarding table documents; a registered certificate submits the official eligibility
 * sample and gets the normal answer, with no bearer token at all.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCa, loadDevCa, type DevCa } from '../../../src/security/dev-pki.js';
import { initDevelopment } from '../../../src/security/init.js';
import { participantKeyPath, securityPaths } from '../../../src/security/paths.js';
import { CLIENT_ASSERTION_TYPE, createClientAssertion } from '../../../src/security/tokens.js';
import { issueCertificate, revokeCertificate } from '../../../src/security/tls/certificate-admin.js';
import { issueParticipantTlsCertificate } from '../../../src/security/tls/dev-certificates.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { httpsCall, type HttpsAnswer } from '../../support/https.js';
import { fresh } from '../../support/samples.js';

const ELIGIBILITY = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'eligibility-request-N-F-00001.json'), 'utf8'));

interface Credential {
  readonly cert: string;
  readonly key: string;
}

let gw: TestGateway;
let url: string;
let caPem: string;
let ca: DevCa;
const dir = mkdtempSync(join(tmpdir(), 'wasl-mtls-'));
const keysOut = join(dir, 'issued');

async function credentialFor(licence: string): Promise<Credential> {
  const files = await issueCertificate(gw.gateway.registry, licence, { ca, outDir: keysOut });
  return { cert: readFileSync(files.certFile, 'utf8'), key: readFileSync(files.keyFile, 'utf8') };
}

/** SMART Backend Services over the HTTPS listener: the assertion's audience is https://…/auth/token. */
async function tokenOverHttps(licence: string): Promise<string> {
  const privateJwk = JSON.parse(readFileSync(participantKeyPath(dir, licence), 'utf8'));
  const assertion = await createClientAssertion({ licence, privateJwk, audience: `${url}/auth/token` });
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: assertion });
  const answer = await httpsCall(`${url}/auth/token`, { ca: caPem, body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.access_token as string;
}

function submit(credential: Credential | undefined, message: object, headers: Record<string, string> = {}): Promise<HttpsAnswer> {
  return httpsCall(`${url}/$process-message`, { ca: caPem, ...credential, body: JSON.stringify(message), headers });
}

function expectRefused(answer: HttpsAnswer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.json.resourceType).toBe('OperationOutcome');
  expect(answer.json.issue[0].details.coding[0].code).toBe(code);
}

beforeAll(async () => {
  await initDevelopment(dir);
  const paths = securityPaths(dir);
  caPem = readFileSync(paths.caCert, 'utf8');
  ca = await loadDevCa({ certPem: caPem, keyPem: readFileSync(paths.caKey, 'utf8') });
  gw = await startTestGateway({ WASL_TLS_CERT: paths.serverCert, WASL_TLS_KEY: paths.serverKey, WASL_TLS_CLIENT_CA: paths.caCert, WASL_SYNC_WINDOW_MS: '100' }, dir);
  url = gw.url.replace('http://', 'https://');
});

afterAll(async () => {
  await gw?.stop();
});

describe('mutual TLS on the HTTPS listener', () => {
  it('a registered certificate alone submits the official eligibility sample and gets the normal answer', async () => {
    const answer = await submit(await credentialFor('N-F-00001'), fresh(ELIGIBILITY));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.resourceType).toBe('Bundle');
    expect(answer.json.entry[0].resource.eventCoding.code).toBe('eligibility-response');
    // No payer answers in this test: the gateway's own real-time answer, as over a bearer token.
    expect(JSON.stringify(answer.json)).toContain('GE-00012');
  });

  it('no certificate and no token: 401 WASL_ERR_UNAUTHENTICATED', async () => {
    expectRefused(await submit(undefined, fresh(ELIGIBILITY)), 401, 'WASL_ERR_UNAUTHENTICATED');
  });

  it('a certificate from another CA, even one registered to the sender: 401 WASL_ERR_CERTIFICATE_UNTRUSTED', async () => {
    const other = await loadDevCa(await createDevCa({ commonName: 'Someone Else CA' }));
    const issued = await issueParticipantTlsCertificate(other, { licence: 'N-F-00002', displayName: 'Foreign' });
    const foreign = { cert: issued.certPem, key: issued.keyPem };
    const participant = gw.gateway.registry.get('N-F-00002')!;
    await gw.gateway.registry.upsert({ ...participant, credentials: { ...participant.credentials, certificateSha256: issued.fingerprint256 } });
    const message = fresh(ELIGIBILITY);
    message.entry[0].resource.sender.identifier.value = 'N-F-00002';
    expectRefused(await submit(foreign, message), 401, 'WASL_ERR_CERTIFICATE_UNTRUSTED');
  });

  it('a certificate from the CA that no participant holds: 401 WASL_ERR_CERTIFICATE_UNKNOWN', async () => {
    const stray = await issueParticipantTlsCertificate(ca, { licence: 'N-F-00001', displayName: 'Issued but never registered' });
    expectRefused(await submit({ cert: stray.certPem, key: stray.keyPem }, fresh(ELIGIBILITY)), 401, 'WASL_ERR_CERTIFICATE_UNKNOWN');
  });

  it("a certificate for another licence than MessageHeader.sender: 403 GE-00020 at the sender", async () => {
    const answer = await submit(await credentialFor('N-F-00003'), fresh(ELIGIBILITY));
    expectRefused(answer, 403, 'GE-00020');
    expect(answer.json.issue[0].expression).toEqual(['Bundle.entry[0].resource.sender']);
  });

  it('a revoked certificate: accepted before, 401 WASL_ERR_CERTIFICATE_REVOKED after, on the running gateway', async () => {
    const credential = await credentialFor('PR-FHIR');
    const validate = () => httpsCall(`${url}/$validate`, { ca: caPem, ...credential, body: JSON.stringify(fresh(ELIGIBILITY)) });
    expect((await validate()).status).toBe(200);
    const revoked = await revokeCertificate(gw.gateway.registry, 'PR-FHIR');
    expect(revoked.licence).toBe('PR-FHIR');
    expectRefused(await validate(), 401, 'WASL_ERR_CERTIFICATE_REVOKED');
    // By fingerprint, too: a reissued certificate works and revoking it by fingerprint refuses it.
    const again = await credentialFor('PR-FHIR');
    expect((await httpsCall(`${url}/$validate`, { ca: caPem, ...again, body: JSON.stringify(fresh(ELIGIBILITY)) })).status).toBe(200);
    await revokeCertificate(gw.gateway.registry, gw.gateway.registry.get('PR-FHIR')!.credentials.certificateSha256!.replaceAll(':', '').toLowerCase());
    expectRefused(await httpsCall(`${url}/$validate`, { ca: caPem, ...again, body: JSON.stringify(fresh(ELIGIBILITY)) }), 401, 'WASL_ERR_CERTIFICATE_REVOKED');
  });

  it('a blocked participant presenting its valid certificate: 403 GE-00030', async () => {
    const credential = await credentialFor('10000000069631');
    await gw.gateway.registry.setStatus('10000000069631', 'blocked');
    const message = fresh(ELIGIBILITY);
    message.entry[0].resource.sender.identifier.value = '10000000069631';
    expectRefused(await submit(credential, message), 403, 'GE-00030');
  });

  it('a bearer token without a certificate still works over HTTPS (policy "either", the default)', async () => {
    const token = await tokenOverHttps('N-F-00001');
    const answer = await submit(undefined, fresh(ELIGIBILITY), { authorization: `Bearer ${token}` });
    expect(answer.status, answer.text).toBe(200);
  });

  it("certificate and token of different participants: 401 WASL_ERR_CREDENTIALS_MISMATCH", async () => {
    const token = await tokenOverHttps('N-F-00001');
    expectRefused(await submit(await credentialFor('N-F-00005'), fresh(ELIGIBILITY), { authorization: `Bearer ${token}` }), 401, 'WASL_ERR_CREDENTIALS_MISMATCH');
  });

  it('a policy can require one path: "mtls" refuses a token alone, "token" a certificate alone', async () => {
    const registry = gw.gateway.registry;
    const credential = await credentialFor('N-F-00001');
    const token = await tokenOverHttps('N-F-00001');
    const participant = registry.get('N-F-00001')!;
    try {
      await registry.upsert({ ...participant, policy: { ...participant.policy, authentication: 'mtls' } });
      expectRefused(await submit(undefined, fresh(ELIGIBILITY), { authorization: `Bearer ${token}` }), 401, 'WASL_ERR_CERTIFICATE_REQUIRED');
      expect((await submit(credential, fresh(ELIGIBILITY))).status).toBe(200);
      await registry.upsert({ ...registry.get('N-F-00001')!, policy: { authentication: 'token' } });
      expectRefused(await submit(credential, fresh(ELIGIBILITY)), 401, 'WASL_ERR_TOKEN_REQUIRED');
      expect((await submit(credential, fresh(ELIGIBILITY), { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await registry.upsert({ ...registry.get('N-F-00001')!, policy: {} });
    }
  });

  it('refuses TLS 1.1 at the handshake', async () => {
    const port = Number(new URL(url).port);
    const failure = await new Promise<Error>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: caPem, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => resolve(new Error('connected')));
      socket.on('error', resolve);
    });
    expect(failure.message).not.toBe('connected');
  });

  it('cert issue writes the key with mode 0600', async () => {
    const files = await issueCertificate(gw.gateway.registry, 'N-F-00002', { ca, outDir: keysOut });
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
  });
});
