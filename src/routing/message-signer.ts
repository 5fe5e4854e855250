/**
 * What routing needs from the gateway's signing key (SPEC section 7): a detached JWS over exact
 * bytes and the key id. Narrow on purpose: routing fixes the bytes, security owns the keys (and
 * their rotation, so it is asked for the current signer on each use).
 */
import type { StoredMessage } from '../store/ports.js';
import { sha256Hex } from '../store/ledger-chain.js';

export interface BytesSigner {
  readonly kid: string;
  sign(bytes: string): string;
}

export type CurrentSigner = () => BytesSigner;

/** A message whose bytes are now fixed, with the gateway's signature over exactly them. */
export function signedMessage(signer: BytesSigner | undefined, message: StoredMessage): StoredMessage {
  if (!signer) return message;
  return { ...message, sha256: message.sha256 ?? sha256Hex(message.body), signature: signer.sign(message.body), kid: signer.kid };
}
