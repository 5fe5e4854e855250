/**
 * Signed submissions (SPEC section 7): a participant may sign what it sends with its registered
 * key; its policy may require it. A signature that is present is always checked, and a wrong one
 * is always refused, whether or not the policy requires one: it would otherwise be recorded as
 * proof of something the sender did not sign.
 */
import type { SenderSignatureCheck } from '../routing/exchange.js';
import { participantVerifier } from './participant-signature.js';
import type { ParticipantRegistry } from './participants/participant.js';

export function senderSignatureCheck(registry: Pick<ParticipantRegistry, 'get'>): SenderSignatureCheck {
  return (sender, raw, signature) => {
    const participant = registry.get(sender);
    if (signature === undefined) {
      if (participant?.policy?.requireSignedMessages) {
        return { ok: false, code: 'WASL_ERR_SIGNATURE_REQUIRED', reason: `${sender} must sign its messages: send the detached JWS over the body in the x-jws-signature header` };
      }
      return { ok: true };
    }
    const verifier = participant ? participantVerifier(participant) : undefined;
    if (!verifier) return { ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY', reason: `${sender} has no registered public key to verify its signature with` };
    const verdict = verifier.verify(signature, raw);
    return verdict.ok ? { ok: true, signature } : { ok: false, code: verdict.code, reason: verdict.reason };
  };
}
