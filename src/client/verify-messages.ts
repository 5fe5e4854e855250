/**
 * A recipient's checks of what the gateway delivered (SPEC section 7): a synchronous answer or a
 * push with its signature header, and every nested message of a poll-response with the signature
 * beside it. Shared by WaslClient and `wasl verify`; the keys come from a JwksSource.
 */
import type { SignableBytes } from '../security/message-signing.js';
import { missingSignature, type SignatureVerdict } from '../security/message-verification.js';
import type { JwksSource } from './jwks-source.js';
import { signedNestedMessages } from './poll-signatures.js';

export interface NestedVerification {
  readonly output: number;
  readonly reference: string;
  readonly bundleId: string | undefined;
  readonly verdict: SignatureVerdict;
}

/** The answer's bytes against the JWS of its signature header (undefined when the header was absent). */
export async function verifyDelivered(bytes: SignableBytes, jws: string | undefined, keys: JwksSource): Promise<SignatureVerdict> {
  return jws === undefined || jws === '' ? missingSignature('the message') : keys.verify(jws, bytes);
}

/** Each nested message of a poll-response text, in Task.output order. */
export async function verifyPollResponseText(text: string, keys: JwksSource): Promise<NestedVerification[]> {
  const results: NestedVerification[] = [];
  for (const nested of signedNestedMessages(text)) {
    const verdict = nested.jws === undefined ? missingSignature(`Task.output[${nested.output}]`) : await keys.verify(nested.jws, nested.text);
    results.push({ output: nested.output, reference: nested.reference, bundleId: nested.bundleId, verdict });
  }
  return results;
}
