/**
 * Level 1 (SPEC section 4): a message that cannot be processed gets a bare, coded
 * OperationOutcome with the documented status, and nothing is written to the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileParticipantRegistry } from '../../src/security/participants/file-registry.js';
import { initDevelopment } from '../../src/security/init.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

interface Case {
  name: string;
  status: number;
  code: string;
  /** Who sends, with which token (default: the message's sender). */
  as?: string;
  body: () => string;
  headers?: Record<string, string>;
  noToken?: boolean;
  badToken?: boolean;
}

const claim = () => fresh(sample('7a-claim-dental-request.json').json);

const CASES: Case[] = [
  { name: 'malformed JSON', status: 400, code: 'GE-00013', body: () => '{"resourceType": "Bundle", ' },
  { name: 'empty body', status: 400, code: 'GE-00013', body: () => '' },
  { name: 'not a Bundle', status: 400, code: 'GE-00006', body: () => JSON.stringify({ resourceType: 'Patient', id: 'x' }) },
  { name: 'a JSON array', status: 400, code: 'GE-00006', body: () => '[1,2,3]' },
  { name: 'a Bundle that is not a message', status: 400, code: 'BV-00130', body: () => JSON.stringify({ ...claim(), type: 'collection' }) },
  {
    name: 'a message whose first entry is not a MessageHeader',
    status: 400,
    code: 'BV-00126',
    body: () => {
      const b = claim();
      b.entry.reverse();
      return JSON.stringify(b);
    },
  },
  {
    name: 'an unknown event',
    status: 400,
    code: 'IB-00250',
    body: () => {
      const b = claim();
      b.entry[0].resource.eventCoding.code = 'teleport-request';
      return JSON.stringify(b);
    },
  },
  {
    name: 'a MessageHeader.sender without a licence',
    status: 400,
    code: 'GE-00010',
    body: () => {
      const b = claim();
      delete b.entry[0].resource.sender.identifier.value;
      return JSON.stringify(b);
    },
  },
  { name: 'no token', status: 401, code: 'WASL_ERR_UNAUTHENTICATED', noToken: true, body: () => JSON.stringify(claim()) },
  { name: 'a forged token', status: 401, code: 'WASL_ERR_UNAUTHENTICATED', badToken: true, body: () => JSON.stringify(claim()) },
  { name: 'a sender other than the authenticated participant', status: 403, code: 'GE-00020', as: 'N-F-00001', body: () => JSON.stringify(claim()) },
  {
    name: 'an event the sender’s role may not send (a payer sending a claim)',
    status: 403,
    code: 'BV-00545',
    as: 'N-I-00001',
    body: () => {
      const b = claim();
      b.entry[0].resource.sender.identifier.value = 'N-I-00001';
      return JSON.stringify(b);
    },
  },
  {
    name: 'an unknown receiver',
    status: 404,
    code: 'GE-00015',
    body: () => {
      const b = claim();
      b.entry[0].resource.destination[0].receiver.identifier.value = 'N-I-99999';
      return JSON.stringify(b);
    },
  },
  { name: 'an oversize body', status: 413, code: 'BV-00076', body: () => JSON.stringify({ ...claim(), padding: 'x'.repeat(70_000) }) },
  { name: 'a text/plain body', status: 415, code: 'WASL_ERR_MEDIA_TYPE', headers: { 'content-type': 'text/plain' }, body: () => JSON.stringify(claim()) },
  { name: 'an XML body', status: 415, code: 'WASL_ERR_MEDIA_TYPE', headers: { 'content-type': 'application/fhir+xml' }, body: () => '<Bundle/>' },
  { name: 'a deeply nested body', status: 400, code: 'WASL_ERR_TOO_DEEP', body: () => `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}` },
  {
    name: 'a __proto__ key',
    status: 400,
    code: 'WASL_ERR_FORBIDDEN_KEY',
    body: () => JSON.stringify(claim()).replace('"resourceType":"Bundle"', '"resourceType":"Bundle","__proto__":{"polluted":true}'),
  },
];

describe('not processable messages (level 1)', () => {
  let gw: TestGateway;
  let blockedDir: string;
  let blockedGw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ WASL_MAX_BODY_BYTES: '60000' });
    blockedDir = mkdtempSync(join(tmpdir(), 'wasl-blocked-'));
    await initDevelopment(blockedDir);
    const registry = await FileParticipantRegistry.open(blockedDir);
    await registry.setStatus('N-F-00003', 'blocked');
    await registry.setStatus('INS-FHIR', 'blocked');
    blockedGw = await startTestGateway({}, blockedDir);
  });
  afterAll(async () => {
    await gw.stop();
    await blockedGw.stop();
  });

  for (const c of CASES) {
    it(`${c.name} → ${c.status} ${c.code}, nothing stored`, async () => {
      const body = c.body();
      const before = await gw.gateway.store.stats('N-I-00001');
      const headers: Record<string, string> = { 'content-type': 'application/fhir+json', ...(c.headers ?? {}) };
      if (!c.noToken) headers.authorization = c.badToken ? 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJOLUYtMDAwMDMifQ.c2ln' : `Bearer ${await (await gw.client(c.as ?? 'N-F-00003')).token()}`;
      const reply = await gw.post('/$process-message', body, headers);
      expect(reply.status).toBe(c.status);
      expect(reply.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      expect(reply.json.resourceType).toBe('OperationOutcome');
      expect(reply.json.issue[0].details.coding[0].code).toBe(c.code);
      expect(reply.json.issue[0].details.coding[0].display).toBeTruthy();
      expect((await gw.gateway.store.stats('N-I-00001')).depth).toBe(before.depth);
      let bundleId: string | undefined;
      try {
        bundleId = JSON.parse(body).id;
      } catch {
        bundleId = undefined;
      }
      if (bundleId) expect(await gw.gateway.store.findExchangeByBundle('N-F-00003', bundleId)).toBeUndefined();
      if (c.status === 401) expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });
  }

  it('the __proto__ payload did not pollute Object.prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a blocked provider → 403 GE-00030, nothing stored', async () => {
    const body = claim();
    const reply = await blockedGw.post('/$process-message', JSON.stringify(body), {
      'content-type': 'application/fhir+json',
      authorization: `Bearer ${await (await blockedGw.client('N-F-00003')).token()}`,
    });
    expect(reply.status).toBe(403);
    expect(reply.json.issue[0].details.coding[0].code).toBe('GE-00030');
    expect(await blockedGw.gateway.store.findExchangeByBundle('N-F-00003', body.id)).toBeUndefined();
  });

  it('a blocked payer polling → 403 GE-00029', async () => {
    const { result } = await (await blockedGw.client('INS-FHIR')).poll();
    expect(result.status).toBe(403);
    expect((result.json as any).issue[0].details.coding[0].code).toBe('GE-00029');
  });

  it('Arabic displays when Accept-Language: ar', async () => {
    const reply = await gw.post('/$process-message', '{', { 'content-type': 'application/fhir+json', 'accept-language': 'ar', authorization: `Bearer ${await (await gw.client('N-F-00003')).token()}` });
    expect(reply.status).toBe(400);
    expect(reply.json.issue[0].details.coding[0].code).toBe('GE-00013');
  });

  it('unknown routes answer 404 with an OperationOutcome', async () => {
    const response = await fetch(`${gw.url}/nowhere`);
    expect(response.status).toBe(404);
    expect((await response.json()).resourceType).toBe('OperationOutcome');
  });
});
