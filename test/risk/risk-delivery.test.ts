/**
 * Where the risk results go (issue 14, item 1), on both adapters: the payer receives the provider's
 * claim with a RiskAssessment and the DetectedIssue of each finding appended at the end of the
 * Bundle (the provider's bytes otherwise unchanged), signed by the gateway over exactly those bytes,
 * by poll and by push; the provider's answers and its archive copy never contain them; the ledger
 * keeps the hash of what was received and of what was delivered.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { PushDelivery } from '../../src/routing/push/index.js';
import { verifyDetached } from '../../src/security/message-verification.js';
import { sha256Hex } from '../../src/store/ledger-chain.js';
import { describeOnBothStores } from '../support/both-stores.js';
import type { TestGateway } from '../support/gateway.js';
import { fresh } from '../support/samples.js';
import { claimOf, freshPatientClaim, gatewayEntries, insertedInto, parties } from './risk-support.js';

async function jwks(gw: TestGateway): Promise<{ keys: any[] }> {
  return (await fetch(`${gw.url}/.well-known/jwks.json`)).json() as Promise<{ keys: any[] }>;
}

async function readArchive(gw: TestGateway, licence: string, bundleId: string): Promise<{ body: string; signature: string | null }> {
  const token = await (await gw.client(licence)).token();
  const response = await fetch(`${gw.url}/messages/${bundleId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return { body: await response.text(), signature: response.headers.get('x-jws-signature') };
}

describeOnBothStores('risk results delivered to the payer', { WASL_SYNC_WINDOW_MS: '0' }, (gw) => {
  it('poll: the payer sees RiskAssessment and DetectedIssue, signed; the provider never does', async () => {
    const first = freshPatientClaim();
    const { provider, payer } = parties(first);
    const providerClient = await gw.client(provider);
    expect((await providerClient.send(first)).status).toBe(200);
    // The same service, day, quantity and amount under a new identifier: duplicate-exact.
    const again = fresh(first);
    const raw = JSON.stringify(again, null, 2);
    const answer = await providerClient.send(raw);
    expect(answer.status).toBe(200);
    expect(answer.text).not.toMatch(/RiskAssessment|DetectedIssue/);

    const payerClient = await gw.client(payer);
    const polled = await payerClient.poll({ count: 50 });
    const nested = await payerClient.verifyPollResponse(polled.result.text);
    expect(nested.length).toBeGreaterThanOrEqual(2);
    expect(nested.every((n) => n.verdict.ok)).toBe(true);
    const delivered = polled.messages.find((m) => m.bundleId === again.id)!.bundle as any;
    const added = gatewayEntries(delivered);
    const assessment = added.find((r) => r.resourceType === 'RiskAssessment')!;
    expect(assessment).toMatchObject({ status: 'final', basis: [{ reference: delivered.entry[1].fullUrl }], subject: claimOf(delivered).patient });
    expect(assessment.prediction[0].probabilityDecimal).toBeGreaterThan(0);
    expect(assessment.method.coding[0].code).toBeTruthy();
    const issue = added.find((r) => r.resourceType === 'DetectedIssue')!;
    expect(issue).toMatchObject({ status: 'final', severity: 'high', code: { coding: [{ system: 'https://wasl.dev/fhir/CodeSystem/fwa-family', code: 'duplicate-exact' }] } });
    expect(issue.implicated[0].reference).toBe(delivered.entry[1].fullUrl);
    expect(issue.implicated[1].reference).toBe(`${gw.config.publicUrl}/messages/${first.id}`);
    // Appended at the end, each with its own urn:uuid fullUrl; the first message has no finding.
    expect(delivered.entry.slice(-added.length).map((e: any) => e.resource)).toEqual(added);
    for (const e of delivered.entry.slice(-added.length)) expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const original = polled.messages.find((m) => m.bundleId === first.id)!.bundle as any;
    expect(gatewayEntries(original).map((r) => r.resourceType)).toEqual(['RiskAssessment']);

    // The nested text is the provider's exact text with the entries inserted before the closing bracket.
    const keys = await jwks(gw);
    const archived = await readArchive(gw, payer, again.id);
    const inserted = insertedInto(raw, archived.body);
    expect(inserted).toMatch(/^,\{"fullUrl":"urn:uuid:/);
    expect(verifyDetached(archived.signature!, archived.body, keys)).toMatchObject({ ok: true });
    expect(polled.result.text).toContain(archived.body);
    await payerClient.poll({ count: 1, acknowledge: polled.messages.map((m) => m.bundleId) });

    // The provider's archive copy is what it sent, signed: when read back, not on the accept path.
    const own = await readArchive(gw, provider, again.id);
    expect(own.body).toBe(raw);
    expect(verifyDetached(own.signature!, own.body, keys)).toMatchObject({ ok: true });
    expect((await gw.gateway.store.archivedMessage(provider, again.id))?.signature).toBeUndefined();

    // The ledger: received and delivered hashes of their own bytes.
    const entries = await gw.gateway.store.readLedger(1, 100_000);
    const accepted = entries.map((e) => ({ kind: e.kind, facts: JSON.parse(e.body) })).find((e) => e.kind === 'accepted' && e.facts.bundleId === again.id)!;
    expect(accepted.facts.receivedHash).toBe(sha256Hex(raw));
    expect(accepted.facts.deliveredHash).toBe(sha256Hex(archived.body));
  });

  it('push: the payer receives the delivered bytes with the signature over them', async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    let push: PushDelivery | undefined;
    const server: Server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-jws-signature'] as string | undefined });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const request = freshPatientClaim();
      const { provider, payer } = parties(request);
      push = new PushDelivery({
        store: gw.gateway.store,
        signals: gw.gateway.signals,
        targets: () => [{ licence: payer, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/$process-message` }],
        submitAnswer: async () => undefined,
        leaseMs: 2000,
        attemptTimeoutMs: 1000,
        sweepMs: 50,
      });
      push.start();
      const raw = JSON.stringify(request);
      expect((await (await gw.client(provider)).send(raw)).status).toBe(200);
      const deadline = Date.now() + 10_000;
      const mine = (): (typeof received)[number] | undefined => received.find((r) => r.body.includes(request.id));
      while (!mine() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const pushed = mine()!;
      expect(insertedInto(raw, pushed.body)).toBeDefined();
      expect(gatewayEntries(JSON.parse(pushed.body)).map((r) => r.resourceType)).toEqual(['RiskAssessment']);
      expect(verifyDetached(pushed.signature!, pushed.body, await jwks(gw))).toMatchObject({ ok: true });
    } finally {
      await push?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
