/**
 * Detached JWS over delivered bytes (SPEC section 7, issue 11 item 3): real ES256 keys, cross-checked
 * against jose so the format is the RFC's and not merely self-consistent.
 */
import { FlattenedSign, flattenedVerify, importJWK, type JWK } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePrivateJwk, publicJwkOf } from '../../src/security/jwk.js';
import { MessageSigner } from '../../src/security/message-signing.js';
import { DetachedVerifier, verifyDetached } from '../../src/security/message-verification.js';
import { participantVerifier } from '../../src/security/participant-signature.js';
import type { Participant } from '../../src/security/participants/participant.js';

const body = `{"resourceType":"Bundle","id":"b-1","type":"message","note":"تجربة \\"quoted\\" ${'x'.repeat(10_000)}"}`;

async function keyPair(alg: 'ES256' | 'ES384' | 'RS384' = 'ES256'): Promise<{ privateJwk: JWK; jwks: { keys: JWK[] } }> {
  const privateJwk = await generatePrivateJwk(alg);
  return { privateJwk, jwks: { keys: [publicJwkOf(privateJwk)] } };
}

function header(jws: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A detached JWS with any protected header, signed by jose with a real key. */
async function joseDetached(privateJwk: JWK, protectedHeader: Record<string, unknown>, bytes: string, alg = 'ES256'): Promise<string> {
  const key = await importJWK(privateJwk, alg);
  const jws = await new FlattenedSign(Buffer.from(bytes, 'utf8')).setProtectedHeader({ alg, ...protectedHeader }).sign(key);
  return `${jws.protected}..${jws.signature}`;
}

describe('MessageSigner and verifyDetached', () => {
  it('signs exactly the given bytes: <protected>..<signature>, alg ES256 and the kid; string and Buffer agree', async () => {
    const { privateJwk, jwks } = await keyPair();
    const signer = MessageSigner.fromPrivateJwk(privateJwk);
    const jws = signer.sign(body);
    expect(jws).toMatch(/^[\w-]+\.\.[\w-]{86}$/);
    expect(header(jws)).toEqual({ alg: 'ES256', kid: privateJwk.kid });
    expect(verifyDetached(jws, body, jwks)).toEqual({ ok: true, kid: privateJwk.kid, alg: 'ES256' });
    expect(verifyDetached(jws, Buffer.from(body, 'utf8'), jwks).ok).toBe(true);
    expect(verifyDetached(signer.sign(Buffer.from(body, 'utf8')), body, jwks).ok).toBe(true);
    // Also an empty and a one-byte message (base64url lengths with no padding).
    expect(verifyDetached(signer.sign(''), '', jwks).ok).toBe(true);
    expect(verifyDetached(signer.sign('a'), 'a', jwks).ok).toBe(true);
  });

  it('is RFC 7515 appendix F: jose verifies our signature and we verify jose\'s', async () => {
    const { privateJwk, jwks } = await keyPair();
    const jws = MessageSigner.fromPrivateJwk(privateJwk).sign(body);
    const [protectedPart, , signature] = jws.split('.') as [string, string, string];
    const publicKey = await importJWK(jwks.keys[0]!, 'ES256');
    const verified = await flattenedVerify({ protected: protectedPart, payload: Buffer.from(body).toString('base64url'), signature }, publicKey);
    expect(Buffer.from(verified.payload).toString('utf8')).toBe(body);
    expect(verifyDetached(await joseDetached(privateJwk, { kid: privateJwk.kid }, body), body, jwks).ok).toBe(true);
  });

  it('one flipped byte anywhere in the message fails with WASL_ERR_SIGNATURE_INVALID', async () => {
    const { privateJwk, jwks } = await keyPair();
    const bytes = Buffer.from(body, 'utf8');
    const jws = MessageSigner.fromPrivateJwk(privateJwk).sign(bytes);
    for (const at of [0, 1000, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(verifyDetached(jws, tampered, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID', kid: privateJwk.kid });
    }
    // A flipped bit of the signature itself fails the same way.
    const sig = Buffer.from(jws.split('..')[1]!, 'base64url');
    sig[5] = sig[5]! ^ 0x80;
    expect(verifyDetached(`${jws.split('..')[0]}..${sig.toString('base64url')}`, bytes, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });
  });

  it('a kid that is not in the JWKS fails with WASL_ERR_SIGNATURE_UNKNOWN_KEY, even when another key would verify', async () => {
    const signed = await keyPair();
    const other = await keyPair();
    const jws = MessageSigner.fromPrivateJwk(signed.privateJwk).sign(body);
    expect(verifyDetached(jws, body, other.jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY', kid: signed.privateJwk.kid });
    // Same key published under another kid: the header's kid decides, no fallback.
    const renamed = { keys: [{ ...signed.jwks.keys[0]!, kid: 'renamed' }] };
    expect(verifyDetached(jws, body, renamed)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
    // A header without kid names no key.
    expect(verifyDetached(await joseDetached(signed.privateJwk, {}, body), body, signed.jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED' });
  });

  it('refuses b64:false, unknown crit and other algorithms; malformed compact forms are coded, never thrown', async () => {
    const { privateJwk, jwks } = await keyPair();
    const kid = privateJwk.kid;
    const b64False = await new FlattenedSign(Buffer.from(body)).setProtectedHeader({ alg: 'ES256', kid, b64: false, crit: ['b64'] }).sign(await importJWK(privateJwk, 'ES256'));
    expect(verifyDetached(`${b64False.protected}..${b64False.signature}`, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNSUPPORTED' });
    const critHeader = Buffer.from(JSON.stringify({ alg: 'ES256', kid, crit: ['exp'], exp: 1 })).toString('base64url');
    expect(verifyDetached(`${critHeader}..${'A'.repeat(86)}`, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNSUPPORTED' });
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url');
    expect(verifyDetached(`${none}..`, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED' });
    expect(verifyDetached(`${none}..AAAA`, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNSUPPORTED' });
    const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid })).toString('base64url');
    expect(verifyDetached(`${hs}..${'A'.repeat(43)}`, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNSUPPORTED' });
    const attached = MessageSigner.fromPrivateJwk(privateJwk).sign(body).replace('..', `.${Buffer.from(body).toString('base64url')}.`);
    for (const bad of ['', 'abc', 'a.b', 'a..b..c', attached, '!!..AAAA', `${Buffer.from('not json').toString('base64url')}..AAAA`, `${Buffer.from('[1]').toString('base64url')}..AAAA`]) {
      expect(verifyDetached(bad, body, jwks), bad.slice(0, 40)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED' });
    }
    const truncated = MessageSigner.fromPrivateJwk(privateJwk).sign(body).slice(0, -4);
    expect(verifyDetached(truncated, body, jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });
  });

  it('a JWKS key of another type cannot verify an ES256 signature, and a private JWK in the set is used only for its public half', async () => {
    const { privateJwk } = await keyPair();
    const rsa = await keyPair('RS384');
    const jws = MessageSigner.fromPrivateJwk(privateJwk).sign(body);
    expect(verifyDetached(jws, body, { keys: [{ ...rsa.jwks.keys[0]!, kid: privateJwk.kid! }] })).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
    expect(verifyDetached(jws, body, { keys: [privateJwk] }).ok).toBe(true);
  });

  it('a participant\'s signature verifies against its registered P-384 key, with or without kid; another key\'s does not', async () => {
    const own = await keyPair('ES384');
    const stranger = await keyPair('ES384');
    const participant = { licence: 'N-F-00001', credentials: { publicJwk: own.jwks.keys[0]! } } as unknown as Participant;
    const verifier = participantVerifier(participant)!;
    expect(verifier).toBe(participantVerifier(participant));
    expect(verifier.verify(await joseDetached(own.privateJwk, { kid: own.privateJwk.kid }, body, 'ES384'), body)).toMatchObject({ ok: true, alg: 'ES384' });
    expect(verifier.verify(await joseDetached(own.privateJwk, {}, body, 'ES384'), body)).toMatchObject({ ok: true, kid: undefined });
    expect(verifier.verify(await joseDetached(stranger.privateJwk, {}, body, 'ES384'), body)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });
    expect(verifier.verify(await joseDetached(stranger.privateJwk, { kid: stranger.privateJwk.kid }, body, 'ES384'), body)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
    expect(participantVerifier({ credentials: {} } as unknown as Participant)).toBeUndefined();
    // MessageSigner signs with the participant's own key and its algorithm (what WaslClient's signSubmissions sends).
    const ownSigner = MessageSigner.fromPrivateJwk(own.privateJwk);
    expect(ownSigner.alg).toBe('ES384');
    expect(verifier.verify(ownSigner.sign(body), body)).toEqual({ ok: true, kid: own.privateJwk.kid, alg: 'ES384' });
    const rsa = await keyPair('RS384');
    const rsaParticipant = { credentials: { publicJwk: rsa.jwks.keys[0]! } } as unknown as Participant;
    expect(participantVerifier(rsaParticipant)!.verify(MessageSigner.fromPrivateJwk(rsa.privateJwk).sign(body), body)).toMatchObject({ ok: true, alg: 'RS384' });
    expect(participantVerifier(rsaParticipant)!.verify(ownSigner.sign(body), body)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
    // The gateway's own verifier stays ES256-only.
    expect(new DetachedVerifier(own.jwks).verify(await joseDetached(own.privateJwk, { kid: own.privateJwk.kid }, body, 'ES384'), body)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNSUPPORTED' });
  });

  it('every failure code is declared once in schemas/rules/wasl-codes.json with its status and both languages', async () => {
    const registry = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'rules', 'wasl-codes.json'), 'utf8')).codes as Record<string, { status: number; en: string; ar: string }>;
    const expected = { WASL_ERR_SIGNATURE_MALFORMED: 400, WASL_ERR_SIGNATURE_UNSUPPORTED: 400, WASL_ERR_SIGNATURE_UNKNOWN_KEY: 401, WASL_ERR_SIGNATURE_INVALID: 401, WASL_ERR_SIGNATURE_REQUIRED: 401 };
    for (const [code, status] of Object.entries(expected)) {
      expect(registry[code], code).toMatchObject({ status });
      expect(registry[code]!.en && registry[code]!.ar, code).toBeTruthy();
    }
  });
});
