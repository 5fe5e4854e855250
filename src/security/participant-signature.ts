/**
 * A participant's own signature over what it sends (issue 11, item 5): the same detached JWS the
 * gateway produces, verified against the participant's registered public key. That key is EC P-384
 * or RSA (the key of its client assertions, src/security/participants/parse.ts), so ES384 and RS384
 * are accepted here; the key's type picks the one algorithm that can pass.
 */
import { DetachedVerifier } from './message-verification.js';
import type { Participant } from './participants/participant.js';

const verifiers = new WeakMap<Participant, DetachedVerifier>();

/**
 * The verifier of `participant`'s signatures, or undefined when it registered no public key (it can
 * then not sign; a policy that requires signatures must refuse it). Cached per registry record: an
 * upsert replaces the record, so a changed key is picked up without invalidation.
 */
export function participantVerifier(participant: Participant): DetachedVerifier | undefined {
  const publicJwk = participant.credentials.publicJwk;
  if (!publicJwk) return undefined;
  let verifier = verifiers.get(participant);
  if (!verifier) {
    // A participant has one key, so a header without kid is unambiguous.
    verifier = new DetachedVerifier({ keys: [publicJwk] }, { algorithms: ['ES384', 'RS384', 'ES256'], allowMissingKid: true });
    verifiers.set(participant, verifier);
  }
  return verifier;
}
