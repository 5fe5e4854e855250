/**
 * What is delivered is fixed once and signed (SPEC section 7, issue 11 item 3): on every path
 * (the synchronous answer, a poll-response's nested messages, a push) the recipient can verify the
 * gateway's detached JWS with nothing but /.well-known/jwks.json; a flipped byte fails; a key
 * rotation leaves earlier messages verifiable. Both store adapters.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { LICENCE_SYSTEMS } from '../../src/fhir/identity.js';
import { PushDelivery } from '../../src/routing/push/index.js';
import { JwksSource } from '../../src/client/jwks-source.js';
import { verifyDetached } from '../../src/security/message-verification.js';
import { rotateGatewayKey } from '../../src/security/key-rotation.js';
import { ChainVerifier } from '../../src/store/ledger-chain.js';
import { describeOnBothStores } from '../support/both-stores.js';
import type { TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

async function jwks(gw: TestGateway): Promise<{ keys: any[] }> {
  return (await fetch(`${gw.url}/.well-known/jwks.json`)).json() as Promise<{ keys: any[] }>;
}

function flipped(text: string): string {
  const i = text.indexOf('"resourceType"') + 2;
  return text.slice(0, i) + (text[i] === 'r' ? 'R' : 'r') + text.slice(i + 1);
}

/** The reference payer's answer to a request (accepted by the gateway for every official sample). */
function answerOf(request: Record<string, any>, licence: string): Record<string, unknown> {
  const answer = answerRequest(request, { licence, system: LICENCE_SYSTEMS.payer, baseUrl: `http://${licence.toLowerCase()}.payer.example` });
  if (!answer) throw new Error('no answer for this request');
  return answer;
}

async function verifyWholeLedger(gw: TestGateway): Promise<number> {
  const verifier = new ChainVerifier();
  for (let from = 1; ; ) {
    const page = await gw.gateway.store.readLedger(from, 500);
    for (const entry of page) expect(verifier.next(entry)).toBeUndefined();
    if (page.length < 500) return verifier.lastSeq;
    from += page.length;
  }
}

// Risk checks off: these suites assert byte-exact delivery of what the provider sent; with the risk
// entries appended (issue 14) the same signatures are checked in test/risk/risk-delivery.test.ts.
describeOnBothStores('signed delivery', { WASL_SYNC_WINDOW_MS: '300', WASL_RISK_CHECKS: 'off' }, (gw) => {
  it('the synchronous answer, the payer\'s poll and the provider\'s poll carry signatures over the exact bytes', async () => {
    const request = fresh(sample('7a-claim-dental-request.json').json);
    // Sent pretty-printed: the payer must receive these bytes, not a re-serialisation.
    const raw = JSON.stringify(request, null, 2);
    const provider = await gw.client(request.entry[0].resource.sender.identifier.value);
    const payer = await gw.client(request.entry[0].resource.destination[0].receiver.identifier.value);
    const keys = await jwks(gw);

    const queued = await provider.send(raw);
    expect(queued.status).toBe(200);
    expect(queued.signature).toBeDefined();
    expect(verifyDetached(queued.signature!, queued.text, keys)).toMatchObject({ ok: true });
    expect(verifyDetached(queued.signature!, flipped(queued.text), keys)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });

    const polled = await payer.poll({ count: 10 });
    expect(verifyDetached(polled.result.signature!, polled.result.text, keys)).toMatchObject({ ok: true });
    const nested = await payer.verifyPollResponse(polled.result.text);
    expect(nested.length).toBeGreaterThanOrEqual(1);
    expect(nested.every((n) => n.verdict.ok)).toBe(true);
    // The nested message is the provider's exact text.
    expect(polled.result.text).toContain(raw);
    // One flipped byte inside the nested message breaks its signature and nothing else's.
    const at = polled.result.text.indexOf(raw);
    const tampered = polled.result.text.slice(0, at) + flipped(raw) + polled.result.text.slice(at + raw.length);
    const afterTamper = await payer.verifyPollResponse(tampered);
    expect(afterTamper.find((n) => n.bundleId === request.id)?.verdict).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });

    // The payer answers (pretty-printed too); the provider polls it, byte-exact and signed.
    const answerRaw = JSON.stringify(answerOf(request, payer.licence), null, 1);
    const ack = await payer.send(answerRaw);
    expect(verifyDetached(ack.signature!, ack.text, keys)).toMatchObject({ ok: true });
    const back = await provider.poll({ count: 10 });
    expect(back.result.text).toContain(answerRaw);
    expect((await provider.verifyPollResponse(back.result.text)).every((n) => n.verdict.ok)).toBe(true);
    await verifyWholeLedger(gw);
  });

  it('a participant\'s answer relayed inside the window is delivered byte-exact with its signature and the queue count in a header', async () => {
    const request = fresh(sample('14a-eligibilty-request-ben-val.json').json);
    const provider = await gw.client(request.entry[0].resource.sender.identifier.value);
    const payer = await gw.client(request.entry[0].resource.destination[0].receiver.identifier.value);
    const answerRaw = JSON.stringify(answerOf(request, payer.licence), null, 3);
    const payerSide = (async () => {
      const { messages } = await payer.poll({ count: 1, include: ['eligibility-request'], wait: 5 });
      expect(messages[0]?.bundleId).toBe(request.id);
      return payer.send(answerRaw);
    })();
    const reply = await gw.post('/$process-message', JSON.stringify(request), { 'content-type': 'application/fhir+json', authorization: `Bearer ${await provider.token()}` });
    await payerSide;
    expect(reply.text).toBe(answerRaw);
    expect(reply.headers.get('x-wasl-queued-messages')).toMatch(/^\d+$/);
    expect(verifyDetached(reply.headers.get('x-jws-signature')!, reply.text, await jwks(gw))).toMatchObject({ ok: true });
  });

  it('after `wasl keys rotate`, new messages use the new key and earlier ones still verify', async () => {
    const claim = () => fresh(sample('7a-claim-dental-request.json').json);
    const provider = await gw.client(claim().entry[0].resource.sender.identifier.value);
    const before = await provider.send(claim());
    const oldKid = JSON.parse(Buffer.from(before.signature!.split('.')[0]!, 'base64url').toString()).kid;
    const rotation = await rotateGatewayKey(gw.dataDir);
    await gw.gateway.keyRing.refresh();
    const after = await provider.send(claim());
    const newKid = JSON.parse(Buffer.from(after.signature!.split('.')[0]!, 'base64url').toString()).kid;
    expect(newKid).toBe(rotation.kid);
    expect(newKid).not.toBe(oldKid);
    const keys = await jwks(gw);
    expect(verifyDetached(before.signature!, before.text, keys)).toMatchObject({ ok: true, kid: oldKid });
    expect(verifyDetached(after.signature!, after.text, keys)).toMatchObject({ ok: true, kid: newKid });
    // A client that cached the JWKS before the rotation refetches it for the new kid.
    const source = JwksSource.fromUrl(`${gw.url}/.well-known/jwks.json`);
    expect(await source.verify(before.signature!, before.text)).toMatchObject({ ok: true });
    expect(await source.verify(after.signature!, after.text)).toMatchObject({ ok: true });
  });
});

describeOnBothStores('signed push', { WASL_RISK_CHECKS: 'off' }, (gw) => {
  it('a pushed message carries the signature over exactly the bytes posted', async () => {
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
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/$process-message`;
      const request = fresh(sample('7a-claim-dental-request.json').json);
      const licence = request.entry[0].resource.destination[0].receiver.identifier.value;
      push = new PushDelivery({
        store: gw.gateway.store,
        signals: gw.gateway.signals,
        targets: () => [{ licence, endpoint }],
        submitAnswer: async () => undefined,
        leaseMs: 2000,
        attemptTimeoutMs: 1000,
        sweepMs: 50,
      });
      push.start();
      const raw = JSON.stringify(request, null, 2);
      const provider = await gw.client(request.entry[0].resource.sender.identifier.value);
      const reply = await provider.send(raw);
      expect(reply.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!received.some((r) => r.body === raw) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const pushed = received.find((r) => r.body === raw);
      expect(pushed?.signature).toBeDefined();
      expect(verifyDetached(pushed!.signature!, pushed!.body, await jwks(gw))).toMatchObject({ ok: true });
    } finally {
      await push?.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
