/** One push attempt (src/routing/push/post-message.ts) against a real local HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMessage, type PostMessageOptions } from '../../src/routing/push/post-message.js';
import { freePort } from '../support/free-port.js';

const MESSAGE = { bundleId: 'b-1', event: 'claim-request', body: '{"resourceType":"Bundle","id":"b-1", "type":"message"}' };

describe('postMessage', () => {
  let server: Server;
  let base: string;
  const seen: { path: string; body: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({ path: req.url ?? '', body, headers: req.headers });
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"Bundle"}');
      else if (req.url === '/busy') res.writeHead(503).end('try later');
      else if (req.url === '/huge') res.writeHead(200).end('x'.repeat(5000));
      else if (req.url === '/moved') res.writeHead(307, { location: '/ok' }).end();
      // '/silent': never answers
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const attempt = (path: string, extra: Partial<PostMessageOptions> = {}) =>
    postMessage({ endpoint: `${base}${path}`, message: MESSAGE, timeoutMs: 2000, stop: new AbortController().signal, maxAnswerBytes: 1000, fetch, ...extra });

  it('POSTs the exact bytes as application/fhir+json, with extra headers, and returns a 2xx answer', async () => {
    const result = await attempt('/ok', { headers: { 'x-signature': 'sig' } });
    expect(result).toEqual({ ok: true, status: 200, body: Buffer.from('{"resourceType":"Bundle"}') });
    const request = seen.find((s) => s.path === '/ok')!;
    expect(request.body).toBe(MESSAGE.body);
    expect(request.headers['content-type']).toBe('application/fhir+json');
    expect(request.headers['x-signature']).toBe('sig');
  });

  it('a non-2xx is a WASL_ERR_PUSH_STATUS failure with the status', async () => {
    expect(await attempt('/busy')).toEqual({ ok: false, failure: { code: 'WASL_ERR_PUSH_STATUS', status: 503 } });
  });

  it('redirects are not followed', async () => {
    const result = await attempt('/moved');
    expect(result).toMatchObject({ ok: false, failure: { code: 'WASL_ERR_PUSH_NETWORK' } });
  });

  it('an answer over the size limit is refused', async () => {
    expect(await attempt('/huge')).toMatchObject({ ok: false, failure: { code: 'WASL_ERR_PUSH_ANSWER_TOO_LARGE' } });
  });

  it('no answer within the timeout is WASL_ERR_PUSH_TIMEOUT', async () => {
    expect(await attempt('/silent', { timeoutMs: 100 })).toMatchObject({ ok: false, failure: { code: 'WASL_ERR_PUSH_TIMEOUT' } });
  });

  it('a refused connection is WASL_ERR_PUSH_NETWORK', async () => {
    const closed = await freePort();
    const result = await postMessage({ endpoint: `http://127.0.0.1:${closed}/`, message: MESSAGE, timeoutMs: 2000, stop: new AbortController().signal, maxAnswerBytes: 1000, fetch });
    expect(result).toMatchObject({ ok: false, failure: { code: 'WASL_ERR_PUSH_NETWORK', detail: expect.stringContaining('ECONNREFUSED') } });
  });

  it('stopping aborts the attempt as WASL_ERR_PUSH_ABORTED, not as a payer failure', async () => {
    const stop = new AbortController();
    const pending = attempt('/silent', { stop: stop.signal });
    setTimeout(() => stop.abort(), 20);
    expect(await pending).toEqual({ ok: false, failure: { code: 'WASL_ERR_PUSH_ABORTED' } });
  });
});
