/**
 * Mutual TLS outbound (issue 13, item 3): the gateway pushes to a payer whose HTTPS endpoint
 * demands a client certificate from the dev CA, presenting its own (WASL_TLS_PUSH_CERT/KEY), and
 * refuses a payer whose server certificate is not from WASL_TLS_PUSH_CA unless its fingerprint is
 * pinned in the payer's record. Real TLS on loopback, certificates issued in the test.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevCa, loadDevCa, type DevCa } from '../../../src/security/dev-pki.js';
import { initDevelopment } from '../../../src/security/init.js';
import { securityPaths } from '../../../src/security/paths.js';
import { issueServerCertificate, type TlsKeyAndCertificate } from '../../../src/security/tls/dev-certificates.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { fresh } from '../../support/samples.js';

const ELIGIBILITY = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'eligibility-request-N-F-00001.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'wasl-push-mtls-'));

interface Received {
  readonly bundleId: string;
  /** The subject CN of the client certificate the gateway presented. */
  readonly clientCn: string | undefined;
}

/** A payer's HTTPS `$process-message` that demands a client certificate from `clientCa`; it acknowledges with an empty 200. */
async function payerEndpoint(server: TlsKeyAndCertificate, clientCa: string): Promise<{ url: string; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const https: Server = createServer({ cert: server.certPem, key: server.keyPem, ca: clientCa, requestCert: true, rejectUnauthorized: true }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const cn = (req.socket as TLSSocket).getPeerCertificate().subject?.CN;
    received.push({ bundleId: String(JSON.parse(Buffer.concat(chunks).toString('utf8')).id), clientCn: Array.isArray(cn) ? cn[0] : cn });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(https.address() as AddressInfo).port}/$process-message`,
    received,
    stop: () => new Promise((resolve) => { https.closeAllConnections(); https.close(() => resolve()); }),
  };
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let gw: TestGateway;
let ca: DevCa;
let caPem: string;

beforeAll(async () => {
  await initDevelopment(dir);
  const paths = securityPaths(dir);
  caPem = readFileSync(paths.caCert, 'utf8');
  ca = await loadDevCa({ certPem: caPem, keyPem: readFileSync(paths.caKey, 'utf8') });
  gw = await startTestGateway(
    {
      // The dev server certificate carries clientAuth too: it is the gateway's push credential.
      WASL_TLS_PUSH_CERT: paths.serverCert,
      WASL_TLS_PUSH_KEY: paths.serverKey,
      WASL_TLS_PUSH_CA: paths.caCert,
      WASL_PUSH_SWEEP_MS: '50',
      WASL_PUSH_BACKOFF_BASE_MS: '20',
      WASL_PUSH_BACKOFF_MAX_MS: '100',
      // A loaded machine fits more refused attempts in before the pin lands. The circuit breaker is
      // not what this file tests: an open circuit leaves the message leased until the lease ends
      // (30 s), longer than the wait for the pinned delivery, so it never opens here.
      WASL_PUSH_BREAKER_FAILURES: '1000',
      WASL_PUSH_BREAKER_OPEN_MS: '200',
      WASL_SYNC_WINDOW_MS: '100',
    },
    dir,
  );
});

afterAll(async () => {
  await gw?.stop();
});

async function pushTo(payer: string, endpoint: string, pin?: string): Promise<void> {
  const record = gw.gateway.registry.get(payer)!;
  await gw.gateway.registry.upsert({ ...record, delivery: { mode: 'push', endpoint, ...(pin ? { serverCertificateSha256: pin } : {}) } });
}

/** The push worker's counters for the sample's payer. */
function stats() {
  return gw.gateway.push.stats().find((s) => s.licence === 'N-I-00001');
}

async function sendEligibility(): Promise<string> {
  const message = fresh(ELIGIBILITY);
  const provider = await gw.client('N-F-00001');
  const { status } = await provider.send(message);
  expect(status).toBe(200);
  return String(message.id);
}

describe('push over mutual TLS', () => {
  it("reaches a payer endpoint that demands a client certificate, presenting the gateway's", async () => {
    const payer = await payerEndpoint(await issueServerCertificate(ca, ['127.0.0.1']), caPem);
    try {
      await pushTo('N-I-00001', payer.url);
      const bundleId = await sendEligibility();
      await until('the payer received the message', () => payer.received.some((r) => r.bundleId === bundleId));
      expect(payer.received.find((r) => r.bundleId === bundleId)!.clientCn).toBe('localhost');
      await until('the delivery was counted', () => (gw.gateway.push.stats().find((s) => s.licence === 'N-I-00001')?.delivered ?? 0) >= 1);
    } finally {
      await payer.stop();
    }
  });

  it('refuses a payer whose server certificate is not from WASL_TLS_PUSH_CA (nothing sent), and accepts it once pinned', async () => {
    const other = await loadDevCa(await createDevCa({ commonName: 'Payer Own CA' }));
    const serverCert = await issueServerCertificate(other, ['127.0.0.1']);
    const payer = await payerEndpoint(serverCert, caPem);
    try {
      const deliveredBefore = stats()?.delivered ?? 0;
      await pushTo('N-I-00001', payer.url);
      const bundleId = await sendEligibility();
      await until('an attempt failed', () => (stats()?.failedAttempts ?? 0) >= 2);
      expect(payer.received).toEqual([]);
      expect(stats()?.delivered).toBe(deliveredBefore);

      // The operator pins the payer's own certificate in its record: the next attempt goes through.
      await pushTo('N-I-00001', payer.url, serverCert.fingerprint256);
      await until('the pinned payer received the message', () => payer.received.some((r) => r.bundleId === bundleId), 15_000);
    } finally {
      await payer.stop();
    }
  });
});
