/**
 * `wasl keys` and `wasl verify` run as a user runs them (child processes), and the client's
 * verification helpers (issue 11, items 3 and 4). A loopback HTTP server stands in for the gateway's
 * `/.well-known/jwks.json`, serving the JWKS of a real GatewayKeyRing over a real data directory, so
 * a rotation made by another process reaches it exactly as it reaches a running gateway.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaslClient } from '../../src/client/wasl-client.js';
import { GatewayKeyRing } from '../../src/security/gateway-key-ring.js';
import { initDevelopment } from '../../src/security/init.js';
import { generatePrivateJwk } from '../../src/security/jwk.js';
import { MessageSigner, SIGNATURE_EXTENSION_URL, SIGNATURE_HEADER } from '../../src/security/message-signing.js';
import { participantVerifier } from '../../src/security/participant-signature.js';
import { FileParticipantRegistry } from '../../src/security/participants/file-registry.js';
import { readParticipantPrivateJwk } from '../../src/security/local-keys.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), 'wasl-keys-verify-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

function wasl(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, WASL_DATA_DIR: dir, WASL_URL: '' } }, (problem, stdout, stderr) => {
      resolve({ code: problem ? ((problem as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** A poll-response whose nested messages are spliced in byte for byte, each output carrying the given JWS (or none). */
function pollResponse(nested: readonly { text: string; jws: string | undefined }[]): string {
  const outputs = nested.map((n, i) => ({
    type: { text: 'message' },
    valueReference: { reference: `urn:uuid:m${i}` },
    ...(n.jws === undefined ? {} : { extension: [{ url: SIGNATURE_EXTENSION_URL, valueString: n.jws }] }),
  }));
  const task = JSON.stringify({ resourceType: 'Task', status: 'completed', output: outputs }, null, 2);
  const entries = nested.map((n, i) => `    {\n      "fullUrl": "urn:uuid:m${i}",\n      "resource": ${n.text}\n    }`);
  return `{\n  "resourceType": "Bundle",\n  "type": "message",\n  "entry": [\n    { "fullUrl": "urn:uuid:h", "resource": { "resourceType": "MessageHeader" } },\n    { "fullUrl": "urn:uuid:t", "resource": ${task} },\n${entries.join(',\n')}\n  ]\n}\n`;
}

let ring: GatewayKeyRing;
let server: Server;
let gatewayUrl: string;
let jwksRequests = 0;
const submissions: { body: string; signature: string | undefined }[] = [];

/** Stands in for the gateway's synchronous answer: records the submission and its signature, answers signed. */
function answerSigned(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const signature = request.headers[SIGNATURE_HEADER];
    submissions.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof signature === 'string' ? signature : undefined });
    const answer = '{"resourceType":"Bundle","id":"answer","type":"message"}';
    response.writeHead(200, { 'content-type': 'application/fhir+json', [SIGNATURE_HEADER]: ring.signer.sign(answer) }).end(answer);
  });
}

beforeAll(async () => {
  await initDevelopment(dir);
  ring = await GatewayKeyRing.open(dir, { checkIntervalMs: 50 });
  server = createServer((request, response) => {
    if (request.url === '/auth/token') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","expires_in":300}');
    if (request.url === '/$process-message') return void answerSigned(request, response);
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    jwksRequests++;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ring.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  ring?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('wasl verify and wasl keys', () => {
  const message = '{\n  "resourceType": "Bundle",\n  "id": "answer-1",\n  "note": "مطالبة \\"x\\""\n}\n';

  it('a signed message verifies (exit 0, kid on stdout); one flipped byte exits 1 with WASL_ERR_SIGNATURE_INVALID on stderr', async () => {
    const jws = ring.signer.sign(message);
    const path = file('answer.json', message);
    const ok = await wasl(['verify', path, '--signature', jws, '--gateway', gatewayUrl]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain(`valid signature, key ${ring.signer.kid}`);

    const bytes = Buffer.from(message, 'utf8');
    bytes[20] = bytes[20]! ^ 0x01;
    const bad = await wasl(['verify', file('tampered.json', bytes), '--signature-file', file('answer.jws', `${jws}\n`), '--gateway', gatewayUrl, '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/WASL_ERR_SIGNATURE_INVALID: the signature does not match/);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID', kid: ring.signer.kid });
  });

  it('a kid absent from the JWKS exits 1 with WASL_ERR_SIGNATURE_UNKNOWN_KEY; no signature exits 1 with WASL_ERR_SIGNATURE_REQUIRED; a usage error exits 2', async () => {
    const stranger = MessageSigner.fromPrivateJwk(await generatePrivateJwk('ES256'));
    const path = file('stranger.json', message);
    const unknown = await wasl(['verify', path, '--signature', stranger.sign(message), '--jwks', `${gatewayUrl}/.well-known/jwks.json`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('WASL_ERR_SIGNATURE_UNKNOWN_KEY');
    const none = await wasl(['verify', path, '--gateway', gatewayUrl]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('WASL_ERR_SIGNATURE_REQUIRED');
    expect((await wasl(['verify', path, '--signature', 'a', '--signature-file', path])).code).toBe(2);
  });

  it('after `wasl keys rotate` in another process: the running key ring signs with the new kid, and a message signed before still verifies against the new JWKS', async () => {
    const oldKid = ring.signer.kid;
    const before = ring.signer.sign(message);
    const beforePath = file('before.json', message);

    const rotated = await wasl(['keys', 'rotate', '--json']);
    expect(rotated.code).toBe(0);
    const rotation = JSON.parse(rotated.stdout) as { kid: string; previous: string; keys: { kid: string; active: boolean }[] };
    expect(rotation).toMatchObject({ previous: oldKid, keys: [{ kid: oldKid, active: false }, { kid: rotation.kid, active: true }] });
    await expect.poll(() => ring.signer.kid, { timeout: 5000, interval: 25 }).toBe(rotation.kid);

    const after = ring.signer.sign(message);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'ES256', kid: rotation.kid });
    const jwksFile = file('jwks.json', JSON.stringify(ring.jwks));
    expect((await wasl(['verify', beforePath, '--signature', before, '--jwks', jwksFile])).code).toBe(0);
    expect((await wasl(['verify', beforePath, '--signature', after, '--gateway', gatewayUrl])).stdout).toContain(rotation.kid);

    const listed = await wasl(['keys', 'list']);
    expect(listed.stdout).toContain(`* ${rotation.kid}`);
    expect(listed.stdout).toContain(`  ${oldKid}`);
  });

  it('a saved poll-response: each nested message verifies with the signature beside it, byte-exact; a tampered or unsigned one fails and is named', async () => {
    const good = '{"resourceType":"Bundle","id":"nested-1","type":"message","entry":[{"resource":{"resourceType":"MessageHeader","text":"😀 \\u00e9"}}]}';
    const pretty = '{\n    "resourceType" : "Bundle",\n    "id" : "nested-2"\n  }';
    const allGood = pollResponse([{ text: good, jws: ring.signer.sign(good) }, { text: pretty, jws: ring.signer.sign(pretty) }]);
    const okRun = await wasl(['verify', file('poll-ok.json', allGood), '--gateway', gatewayUrl, '--json']);
    expect(okRun.code).toBe(0);
    expect(JSON.parse(okRun.stdout)).toMatchObject({ ok: true, messages: [{ output: 0, bundleId: 'nested-1', ok: true }, { output: 1, bundleId: 'nested-2', ok: true }] });

    const tampered = pollResponse([{ text: good.replace('nested-1', 'nested-9'), jws: ring.signer.sign(good) }, { text: pretty, jws: ring.signer.sign(pretty) }, { text: good, jws: undefined }]);
    const badRun = await wasl(['verify', file('poll-bad.json', tampered), '--gateway', gatewayUrl]);
    expect(badRun.code).toBe(1);
    expect(badRun.stdout).toContain('1 of 3 nested message(s) verified');
    expect(badRun.stderr).toContain('Task.output[0] (Bundle nested-9): WASL_ERR_SIGNATURE_INVALID');
    expect(badRun.stderr).toContain('Task.output[2] (Bundle nested-1): WASL_ERR_SIGNATURE_REQUIRED');
  });
});

describe('WaslClient verification helpers', () => {
  it('verifyAnswer and verifyPollResponse use the gateway JWKS, cached, refetched once when a rotation brings an unknown kid', async () => {
    const client = new WaslClient({ baseUrl: gatewayUrl, licence: 'N-F-00001', role: 'provider', privateJwk: await generatePrivateJwk('ES384') });
    const body = '{"resourceType":"Bundle","id":"sync-answer"}';
    const requestsBefore = jwksRequests;
    expect(await client.verifyAnswer(body, ring.signer.sign(body))).toMatchObject({ ok: true, kid: ring.signer.kid });
    expect(await client.verifyAnswer(body, ring.signer.sign(body))).toMatchObject({ ok: true });
    expect(jwksRequests - requestsBefore).toBe(1);
    expect(await client.verifyAnswer(`${body} `, ring.signer.sign(body))).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });
    expect(await client.verifyAnswer(body, undefined)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_REQUIRED' });

    const rotation = await wasl(['keys', 'rotate', '--json']);
    const kid = (JSON.parse(rotation.stdout) as { kid: string }).kid;
    await expect.poll(() => ring.signer.kid, { timeout: 5000, interval: 25 }).toBe(kid);
    const results = await client.verifyPollResponse(pollResponse([{ text: body, jws: ring.signer.sign(body) }]));
    expect(results).toEqual([{ output: 0, reference: 'urn:uuid:m0', bundleId: 'sync-answer', verdict: { ok: true, kid, alg: 'ES256' } }]);
    expect(jwksRequests - requestsBefore).toBe(2);
  });

  it('signSubmissions: the client signs what it sends with its own registered key, and the answer\'s signature header verifies', async () => {
    const privateJwk = (await readParticipantPrivateJwk(dir, 'N-F-00001'))!;
    const client = new WaslClient({ baseUrl: gatewayUrl, licence: 'N-F-00001', role: 'provider', privateJwk, signSubmissions: true });
    const message = '{"resourceType":"Bundle","id":"signed-submission","note":"ص"}';
    const result = await client.send(message);
    const submitted = submissions.at(-1)!;
    expect(submitted.body).toBe(message);
    const registered = (await FileParticipantRegistry.open(dir)).get('N-F-00001')!;
    expect(participantVerifier(registered)!.verify(submitted.signature!, submitted.body)).toMatchObject({ ok: true, alg: 'ES384', kid: privateJwk.kid });
    expect(await client.verifyAnswer(result.text, result.signature)).toMatchObject({ ok: true, kid: ring.signer.kid });
  });
});
