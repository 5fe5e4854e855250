/**
 * Defect found by the fuzz test (test/hostile/fuzz.test.ts, raw-http "expect unknown"): a
 * request with an `Expect` header other than `100-continue` is answered by Node's HTTP server
 * itself, before Fastify sees it: `417 Expectation Failed` with an empty chunked body, not a
 * coded OperationOutcome (SPEC section 4, level 1: every refusal is one). The server in
 * src/http/server.ts does not handle the listener's `checkExpectation` event.
 *
 * Fixed: the listener's `checkExpectation` event answers 417 WASL_ERR_EXPECTATION
 * (src/http/connection-guard.ts).
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('an Expect header other than 100-continue', () => {
  const gw = useTestGateway();

  it('is refused with a coded OperationOutcome, not a bare 417', async () => {
    const body = '{"resourceType":"Bundle"}';
    const answer = await rawExchange(
      gw.url,
      `POST /$process-message HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nExpect: 200-ok\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    // Today: "HTTP/1.1 417 Expectation Failed ... Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n".
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    const outcome = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as any;
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(typeof outcome.issue[0].details.coding[0].code).toBe('string');
  });
});
