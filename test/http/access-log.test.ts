/**
 * One access-log line per request, and nothing of the message in it (issue 10, item 9): a real
 * gateway whose logger writes to a stream the test reads, driven over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WaslClient } from '../../src/client/wasl-client.js';
import { loadConfig } from '../../src/config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { initDevelopment } from '../../src/security/init.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { freePort } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

/** Every line the gateway's logger writes, parsed. */
class CapturedLog extends Writable {
  readonly lines: Record<string, any>[] = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(text);
      this.lines.push(JSON.parse(text) as Record<string, any>);
    }
    done();
  }
  clear(): void {
    this.lines.length = 0;
    this.raw.length = 0;
  }
}

describe('the access log', () => {
  const log = new CapturedLog();
  let dir: string;
  let gateway: Gateway;
  let url: string;
  let provider: WaslClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wasl-access-log-'));
    await initDevelopment(dir);
    const port = await freePort();
    const config = loadConfig({ WASL_DATA_DIR: dir, WASL_PORT: String(port), WASL_HOST: '127.0.0.1', WASL_SYNC_WINDOW_MS: '50', WASL_VALIDATION_WORKERS: '0' });
    gateway = await createGateway(config, { logger: { level: 'info', stream: log } });
    await gateway.app.listen({ host: '127.0.0.1', port });
    url = `http://127.0.0.1:${port}`;
    const key = JSON.parse(await readFile(participantKeyPath(dir, 'N-F-00003'), 'utf8')) as JWK;
    provider = new WaslClient({ baseUrl: url, licence: 'N-F-00003', role: 'provider', privateJwk: key });
    await provider.token();
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => log.clear());

  const accessLines = () => log.lines.filter((l) => l.msg === 'request');

  it('one request gives exactly one line, with method, path, status, time, request id and caller; no body, no patient data', async () => {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    const patient = claim.entry.find((e: any) => e.resource.resourceType === 'Patient').resource;
    const patientId: string = patient.identifier[0].value;
    const reply = await fetch(`${url}/$process-message?patient=${patientId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${await provider.token()}`, 'x-request-id': 'trace-0001' },
      body: JSON.stringify(claim),
    });
    expect(reply.status).toBe(200);
    await reply.text();

    expect(log.lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toEqual([]);
    expect(accessLines()).toHaveLength(1);
    const line = accessLines()[0]!;
    expect(line).toMatchObject({ level: 30, method: 'POST', url: '/$process-message', route: '/$process-message', status: 200, requestId: 'trace-0001', caller: 'N-F-00003', role: 'provider' });
    expect(typeof line.responseTimeMs).toBe('number');
    expect(line.responseTimeMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(line).sort()).toEqual(['caller', 'hostname', 'level', 'method', 'msg', 'pid', 'requestId', 'responseTimeMs', 'role', 'route', 'status', 'time', 'url']);

    const everything = log.raw.join('\n');
    expect(everything).not.toContain(patientId);
    expect(everything).not.toContain(String(claim.id));
    expect(everything).not.toContain('Bearer');
    expect(everything).not.toContain('resourceType');
  });

  it('an unauthenticated request is logged without a caller', async () => {
    const reply = await fetch(`${url}/$process-message`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{}' });
    expect(reply.status).toBe(401);
    await reply.text();
    expect(accessLines()).toHaveLength(1);
    expect(accessLines()[0]).toMatchObject({ method: 'POST', url: '/$process-message', status: 401 });
    expect(accessLines()[0]).not.toHaveProperty('caller');
  });

  it('a path no route matches is logged with identifier-like digit runs masked', async () => {
    const reply = await fetch(`${url}/Patient/2234567890?identifier=2234567890`);
    expect(reply.status).toBe(404);
    await reply.text();
    expect(accessLines()).toHaveLength(1);
    expect(accessLines()[0]).toMatchObject({ method: 'GET', url: '/Patient/…', status: 404 });
    expect(accessLines()[0]!.route).toBeUndefined();
    expect(log.raw.join('\n')).not.toContain('2234567890');
  });
});
