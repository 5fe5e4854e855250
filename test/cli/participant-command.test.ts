/**
 * `wasl participant …` (issue 13, item 1; src/cli/participant-command.ts) as a child process beside
 * a running gateway: on the embedded store (another process writing the same LMDB) and over Redis,
 * each change is seen by the gateway without a restart, refused changes exit 1 with their code and
 * write nothing, and `wasl audit verify` still passes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateJwk } from '../../src/security/jwk.js';
import { wasl } from '../audit/ledger-fixture.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { eligibilityFrom, eventually } from '../security/participants/onboarding.js';

async function submitWithToken(gw: TestGateway, token: string, message: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const response = await fetch(`${gw.url}/$process-message`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(message) });
  return { status: response.status, json: await response.json() };
}

describe('wasl participant beside a running embedded gateway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-participant-cli-'));
  let gw: TestGateway;
  const env = { WASL_DATA_DIR: dataDir };
  beforeAll(async () => {
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '20' }, dataDir);
  });
  afterAll(async () => {
    await gw?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('add --generate-key onboards a provider the gateway then serves; wasl token works for it', async () => {
    const added = await wasl(['participant', 'add', 'N-F-08001', '--role', 'provider', '--name', 'CLI Hospital', '--generate-key'], env);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^N-F-08001: added; role provider; status active; credentials\.publicJwk sha256:\S+; delivery\.mode poll \(ledger entry \d+\)\nprivate key: .*N-F-08001\.private\.jwk\.json \(mode 0600\)\n$/);
    await eventually(async () => expect(gw.gateway.registry.get('N-F-08001')?.displayName).toBe('CLI Hospital'));
    const token = await wasl(['token', 'N-F-08001'], env);
    expect(token.code).toBe(0);
    expect((await submitWithToken(gw, token.stdout.trim(), eligibilityFrom('N-F-08001'))).status).toBe(200);

    const listed = await wasl(['participant', 'list'], env);
    expect(listed.stdout).toMatch(/^N-F-08001 +provider +active +poll +CLI Hospital$/m);
  });

  it('block is enforced by the running gateway without a restart; set-delivery and set-limits print what changed', async () => {
    const blocked = await wasl(['participant', 'block', 'N-F-08001'], env);
    expect(blocked.stdout).toMatch(/^N-F-08001: status active -> blocked \(ledger entry \d+\)\n$/);
    const token = (await wasl(['token', 'N-F-08001'], env)).stdout.trim();
    await eventually(async () => {
      const refused = await submitWithToken(gw, token, eligibilityFrom('N-F-08001'));
      expect(refused.status).toBe(403);
      expect(refused.json.issue[0].details.coding[0].code).toBe('GE-00030');
    });
    const push = await wasl(['participant', 'set-delivery', 'N-I-00001', 'push', 'https://payer.example/wasl'], env);
    expect(push.stdout).toMatch(/^N-I-00001: delivery\.endpoint none -> https:\/\/payer\.example\/wasl; delivery\.mode poll -> push \(ledger entry \d+\)\n$/);
    const limits = await wasl(['participant', 'set-limits', 'N-F-00002', '--rpm', '90'], env);
    expect(limits.stdout).toMatch(/^N-F-00002: limits\.requestsPerMinute none -> 90 /);
    await eventually(async () => {
      expect(gw.gateway.registry.get('N-I-00001')?.delivery).toEqual({ mode: 'push', endpoint: 'https://payer.example/wasl' });
      expect(gw.gateway.registry.get('N-F-00002')?.limits).toEqual({ requestsPerMinute: 90 });
    });
  });

  it('refused changes exit 1 with their code and write nothing; rotate-key from a file prints the new thumbprint', async () => {
    const head = await gw.gateway.store.ledgerHead();
    const privateFile = join(dataDir, 'new.private.jwk.json');
    const privateJwk = await generatePrivateJwk('ES384');
    writeFileSync(privateFile, JSON.stringify(privateJwk));
    const leaked = await wasl(['participant', 'rotate-key', 'N-F-00001', privateFile], env);
    expect(leaked.code).toBe(1);
    expect(leaked.stderr).toBe('wasl participant: WASL_ERR_INVALID_PARTICIPANT: participant.credentials.publicJwk.d: private key material must never be registered\n');
    const badUrl = await wasl(['participant', 'set-delivery', 'N-I-00001', 'push', 'ftp://payer.example/'], env);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/WASL_ERR_INVALID_PARTICIPANT: participant\.delivery\.endpoint: expected an http\(s\) URL/);
    const unknown = await wasl(['participant', 'block', 'N-F-NOBODY'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/WASL_ERR_UNKNOWN_PARTICIPANT/);
    expect(await gw.gateway.store.ledgerHead()).toEqual(head);

    const { d: _d, ...publicJwk } = privateJwk;
    const publicFile = join(dataDir, 'new.public.jwk.json');
    writeFileSync(publicFile, JSON.stringify(publicJwk));
    const rotated = await wasl(['participant', 'rotate-key', 'N-F-00001', publicFile], env);
    expect(rotated.stdout).toMatch(/^N-F-00001: credentials\.publicJwk sha256:\S+ -> sha256:\S+ \(ledger entry \d+\)\n$/);
    await eventually(async () => expect(gw.gateway.registry.get('N-F-00001')?.credentials.publicJwk?.x).toBe(privateJwk.x));
  });

  it('every change is a participant ledger entry and wasl audit verify passes', async () => {
    const entries = await gw.gateway.store.readLedger(1, 10_000);
    const mine = entries.filter((e) => e.kind === 'participant').map((e) => JSON.parse(e.body) as { subject: string; detail: string }).filter((f) => f.detail !== 'imported from participants.json');
    expect(mine.map((f) => `${f.subject} ${f.detail.split(';')[0]}`)).toEqual([
      'N-F-08001 added',
      'N-F-08001 status active -> blocked',
      'N-I-00001 delivery.endpoint none -> https://payer.example/wasl',
      'N-F-00002 limits.requestsPerMinute none -> 90',
      expect.stringMatching(/^N-F-00001 credentials\.publicJwk /),
    ]);
    const verified = await wasl(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
  });
});

describe('wasl participant over Redis (WASL_REDIS_URL), beside a running gateway', () => {
  let redis: TestRedisServer;
  let gw: TestGateway;
  beforeAll(async () => {
    redis = await startRedisServer();
    gw = await startTestGateway({ WASL_REDIS_URL: redis.url, WASL_SYNC_WINDOW_MS: '20' });
  });
  afterAll(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it('a block from the command line reaches the gateway through Redis at once', async () => {
    const blocked = await wasl(['participant', 'block', 'N-F-00003'], { WASL_DATA_DIR: gw.dataDir, WASL_REDIS_URL: redis.url });
    expect(blocked.code).toBe(0);
    // Announced on the participants channel; the once-a-second version check is only the safety net.
    await eventually(async () => expect(gw.gateway.registry.get('N-F-00003')?.status).toBe('blocked'), 1000);
    const refused = await (await gw.client('N-F-00003')).send(eligibilityFrom('N-F-00003'));
    expect(refused.status).toBe(403);
  });
});
