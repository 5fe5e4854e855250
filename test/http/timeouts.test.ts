/**
 * Slow and idle clients (issue 9, item 12): sockets that send headers or bodies a byte at a time,
 * or nothing at all, are closed with a coded 408 once the configured timeouts pass; beyond
 * WASL_MAX_CONNECTIONS new connections are closed at once; a long poll still outlives its wait.
 * Timeouts are shortened here so each case takes a second or two.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useTestGateway, type TestGateway } from '../support/gateway.js';

const LIMITS = {
  WASL_HEADERS_TIMEOUT_MS: '800',
  WASL_REQUEST_TIMEOUT_MS: '2500',
  WASL_KEEP_ALIVE_TIMEOUT_MS: '600',
  WASL_MAX_POLL_WAIT_S: '1',
  WASL_SYNC_WINDOW_MS: '500',
  WASL_MAX_CONNECTIONS: '12',
};

interface Watched {
  readonly socket: Socket;
  /** Resolves with what the server wrote and how long after opening the socket it was closed. */
  readonly closed: Promise<{ text: string; afterMs: number }>;
}

function open(gw: TestGateway): Promise<Watched> {
  const { port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    const closed = new Promise<{ text: string; afterMs: number }>((done) => socket.on('close', () => done({ text, afterMs: Date.now() - started })));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `parts` one every `everyMs` while the socket is open. */
function trickle(socket: Socket, parts: string[], everyMs: number): void {
  let next = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || next >= parts.length) return clearInterval(timer);
    socket.write(parts[next]!);
    next += 1;
  }, everyMs);
  socket.on('close', () => clearInterval(timer));
}

function expectCoded408(text: string): void {
  expect(text).toMatch(/^HTTP\/1\.1 408 /);
  const outcome = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0].details.coding[0].code).toBe('WASL_ERR_REQUEST_TIMEOUT');
}

describe('listener timeouts and connection cap', () => {
  const gw = useTestGateway(LIMITS);

  it('a socket that never sends a byte is closed after the headers timeout, with a coded 408', async () => {
    const idle = await open(gw);
    const { text, afterMs } = await idle.closed;
    expect(afterMs).toBeGreaterThanOrEqual(700);
    expect(afterMs).toBeLessThan(2_500);
    expectCoded408(text);
  });

  it('headers sent one line at a time are cut off at the headers timeout', async () => {
    const slow = await open(gw);
    trickle(slow.socket, ['POST /$process-message HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: y\r\n`)], 150);
    const { text, afterMs } = await slow.closed;
    expect(afterMs).toBeLessThan(2_500);
    expectCoded408(text);
  });

  it('a body sent a byte at a time is cut off at the request timeout, with a coded 408', async () => {
    const token = await (await gw.client('N-F-00001')).token();
    const slow = await open(gw);
    slow.socket.write(`POST /$validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n`);
    trickle(slow.socket, Array.from({ length: 1000 }, () => ' '), 200);
    const { text, afterMs } = await slow.closed;
    expect(afterMs).toBeGreaterThanOrEqual(2_000);
    expect(afterMs).toBeLessThan(5_000);
    expectCoded408(text);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const kept = await open(gw);
    kept.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const { text, afterMs } = await kept.closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(afterMs).toBeLessThan(2_500);
  });

  it('beyond WASL_MAX_CONNECTIONS a new connection is closed at once; capacity returns when idle ones time out', async () => {
    const held = await Promise.all(Array.from({ length: 12 }, () => open(gw)));
    const extra = await open(gw);
    const refused = await extra.closed;
    expect(refused.afterMs).toBeLessThan(500);
    expect(refused.text).toBe('');
    await Promise.all(held.map((h) => h.closed));
    const response = await fetch(`${gw.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('headers over Node\'s 16 KB limit → a coded 431 WASL_ERR_HEADERS_TOO_LARGE, then closed', async () => {
    const big = await open(gw);
    big.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const { text } = await big.closed;
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).issue[0].details.coding[0].code).toBe('WASL_ERR_HEADERS_TOO_LARGE');
  });

  it('a long poll that waits its full time is not cut off (the request timeout exceeds the longest wait)', async () => {
    const payer = await gw.client('N-I-00001');
    const started = Date.now();
    const { result, messages } = await payer.poll({ count: 1, wait: 1 });
    expect(result.status).toBe(200);
    expect(messages).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('the item 12 attack, scaled down in time', () => {
  const gw = useTestGateway({ ...LIMITS, WASL_MAX_CONNECTIONS: '1024' });

  it('200 bodies at a byte per 300 ms and 500 idle sockets are all closed within the timeouts', async () => {
    const token = await (await gw.client('N-F-00001')).token();
    const started = Date.now();
    const slow = await Promise.all(Array.from({ length: 200 }, () => open(gw)));
    for (const s of slow) {
      s.socket.write(`POST /$validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nContent-Length: 1000\r\n\r\n`);
      trickle(s.socket, Array.from({ length: 1000 }, () => ' '), 300);
    }
    const idle = await Promise.all(Array.from({ length: 500 }, () => open(gw)));
    const closed = await Promise.all([...slow, ...idle].map((s) => s.closed));
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(closed.filter((c) => /^HTTP\/1\.1 408 /.test(c.text))).toHaveLength(700);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});

describe('timeout configuration', () => {
  it('defaults: headers 10 s, request 60 s, keep-alive 10 s, 1,024 connections', () => {
    expect(loadConfig({}).connections).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 10_000, maxConnections: 1024 });
  });

  it('refuses a request timeout no longer than the longest poll wait or synchronous window', () => {
    expect(() => loadConfig({ WASL_REQUEST_TIMEOUT_MS: '30000' })).toThrow(/WASL_REQUEST_TIMEOUT_MS: must be longer than the longest wait/);
    expect(() => loadConfig({ WASL_REQUEST_TIMEOUT_MS: '20000', WASL_MAX_POLL_WAIT_S: '5', WASL_SYNC_WINDOW_MS: '20000' })).toThrow(/WASL_REQUEST_TIMEOUT_MS/);
    expect(loadConfig({ WASL_REQUEST_TIMEOUT_MS: '31000' }).connections.requestTimeoutMs).toBe(31_000);
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadConfig({ WASL_HEADERS_TIMEOUT_MS: '90000' })).toThrow(/WASL_HEADERS_TIMEOUT_MS/);
  });
});
