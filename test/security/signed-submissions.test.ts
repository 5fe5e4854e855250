/**
 * Signed submissions (SPEC section 7, issue 11 item 5): a participant may sign what it sends with
 * its registered key; a good signature is kept in the ledger (non-repudiation), a bad one is always
 * refused with a coded level-1 answer, and a policy can require one.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MessageSigner } from '../../src/security/message-signing.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '0' });

async function signerOf(licence: string): Promise<MessageSigner> {
  const jwk = JSON.parse(await readFile(participantKeyPath(gw.dataDir, licence), 'utf8'));
  return MessageSigner.fromPrivateJwk({ kid: licence, ...jwk });
}

async function submit(licence: string, body: string, signature?: string) {
  const client = await gw.client(licence);
  return gw.post('/$process-message', body, {
    'content-type': 'application/fhir+json',
    authorization: `Bearer ${await client.token()}`,
    ...(signature ? { 'x-jws-signature': signature } : {}),
  });
}

function codeOf(answer: { json: any }): string | undefined {
  return answer.json?.issue?.[0]?.details?.coding?.[0]?.code;
}

describe('signed submissions', () => {
  const claim = () => fresh(sample('7a-claim-dental-request.json').json);
  const providerOf = (message: any): string => message.entry[0].resource.sender.identifier.value;

  it('a good signature is accepted and kept in the ledger entry of the message', async () => {
    const message = claim();
    const body = JSON.stringify(message);
    const signature = (await signerOf(providerOf(message))).sign(body);
    const answer = await submit(providerOf(message), body, signature);
    expect(answer.status).toBe(200);
    const head = await gw.gateway.store.ledgerHead();
    const entries = await gw.gateway.store.readLedger(Math.max(1, head.seq - 20), 50);
    const accepted = entries.find((e) => e.kind === 'accepted' && JSON.parse(e.body).bundleId === message.id);
    expect(JSON.parse(accepted!.body).senderSignature).toBe(signature);
  });

  it('a signature over other bytes, by another key, or malformed is refused whatever the policy', async () => {
    const message = claim();
    const body = JSON.stringify(message);
    const signer = await signerOf(providerOf(message));
    const otherBytes = await submit(providerOf(message), body, signer.sign(`${body} `));
    expect(otherBytes.status).toBe(401);
    expect(codeOf(otherBytes)).toBe('WASL_ERR_SIGNATURE_INVALID');
    const otherKey = await submit(providerOf(message), body, (await signerOf('N-I-00001')).sign(body));
    expect([400, 401]).toContain(otherKey.status);
    expect(codeOf(otherKey)).toMatch(/^WASL_ERR_SIGNATURE_/);
    const malformed = await submit(providerOf(message), body, 'not-a-jws');
    expect(malformed.status).toBe(400);
    expect(codeOf(malformed)).toBe('WASL_ERR_SIGNATURE_MALFORMED');
    // Nothing of the refused submissions was recorded: the same message signed properly is new.
    expect((await submit(providerOf(message), body, signer.sign(body))).status).toBe(200);
  });

  it('a participant whose policy requires signatures is refused without one', async () => {
    const message = claim();
    const licence = providerOf(message);
    const participant = gw.gateway.registry.get(licence)!;
    await gw.gateway.registry.upsert({ ...participant, policy: { requireSignedMessages: true } });
    try {
      const body = JSON.stringify(message);
      const unsigned = await submit(licence, body);
      expect(unsigned.status).toBe(401);
      expect(codeOf(unsigned)).toBe('WASL_ERR_SIGNATURE_REQUIRED');
      expect((await submit(licence, body, (await signerOf(licence)).sign(body))).status).toBe(200);
    } finally {
      await gw.gateway.registry.upsert(participant);
    }
  });
});
