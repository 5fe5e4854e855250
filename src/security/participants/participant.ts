/**
 * Participants: every provider, payer, regulator and operator that may talk to the gateway,
 * with the credentials it authenticates with and how it wants its messages delivered.
 * The registry port is the only way the rest of the gateway sees them; `file-registry.ts`
 * is the embedded adapter.
 */
import type { JWK } from 'jose';

/** Licence systems of the NPHIES samples; the gateway itself is `nphies` / `NPHIES`. */
export const LICENCE_SYSTEMS = {
  provider: 'http://nphies.sa/license/provider-license',
  payer: 'http://nphies.sa/license/payer-license',
  gateway: 'http://nphies.sa/license/nphies',
  // NPHIES publishes no licence system for the regulator or for operators: these two are Wasl's.
  regulator: 'http://nphies.sa/license/regulator-license',
  admin: 'http://nphies.sa/license/admin-license',
} as const;

export const PARTICIPANT_ROLES = ['provider', 'payer', 'regulator', 'admin'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_STATUSES = ['active', 'blocked'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** A licence as the FHIR Identifier that names the participant in messages. */
export interface LicenceIdentifier {
  readonly system: string;
  readonly value: string;
}

export interface ParticipantCredentials {
  /**
   * SHA-256 fingerprint of the participant's client certificate, in the format of Node's
   * `X509Certificate.fingerprint256` / `getPeerCertificate().fingerprint256`
   * (upper-case hex pairs joined by `:`), so a mutual-TLS check is a plain string comparison.
   */
  readonly certificateSha256?: string;
  /** Public key that verifies the participant's client assertions (EC P-384 or RSA ≥ 2048). */
  readonly publicJwk?: JWK;
  /**
   * Fingerprints (format of `certificateSha256`) of certificates revoked by `wasl cert revoke` or
   * replaced by `wasl cert issue`: kept so that a refused certificate is answered "revoked", not "unknown".
   */
  readonly revokedCertificates?: readonly string[];
}

export type DeliveryMode =
  | { readonly mode: 'poll' }
  | {
      readonly mode: 'push';
      readonly endpoint: string;
      /**
       * Pinned fingerprint of the payer's HTTPS server certificate (format of `certificateSha256`):
       * accepted even when the certificate is not from WASL_TLS_PUSH_CA (security/tls/outbound.ts).
       */
      readonly serverCertificateSha256?: string;
    };

export interface ParticipantLimits {
  readonly requestsPerMinute?: number;
}

/** What the hub demands of a participant beyond authentication (SPEC section 7). */
export interface ParticipantPolicy {
  /** Every message it sends must carry its detached JWS (`x-jws-signature`) made with its registered key. */
  readonly requireSignedMessages?: boolean;
  /**
   * How it must authenticate on the authenticated routes: its client certificate (`mtls`), a bearer
   * access token (`token`) or either (the default). Both at once must name the same participant.
   */
  readonly authentication?: AuthenticationMethod;
}

export const AUTHENTICATION_METHODS = ['mtls', 'token', 'either'] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

export interface Participant {
  /** The registry key: the licence value (`N-F-00001`), unique across systems. */
  readonly licence: string;
  readonly licenceSystem: string;
  readonly role: ParticipantRole;
  readonly displayName: string;
  readonly status: ParticipantStatus;
  readonly credentials: ParticipantCredentials;
  readonly delivery: DeliveryMode;
  readonly limits: ParticipantLimits;
  readonly policy?: ParticipantPolicy;
}

export function licenceIdentifier(participant: Participant): LicenceIdentifier {
  return { system: participant.licenceSystem, value: participant.licence };
}

/**
 * The registry port. Reads are synchronous because they run on every request: adapters load
 * everything into memory and writes go through to storage before they become visible.
 */
export interface ParticipantRegistry {
  get(licence: string): Participant | undefined;
  list(): Participant[];
  /** Adds or replaces the participant with this licence. */
  upsert(participant: Participant): Promise<void>;
  /** Rejects with `UnknownParticipantError` when no participant has this licence. */
  setStatus(licence: string, status: ParticipantStatus): Promise<void>;
}

export class UnknownParticipantError extends Error {
  readonly code = 'WASL_ERR_UNKNOWN_PARTICIPANT';
  constructor(readonly licence: string) {
    super(`no participant with licence "${licence}"`);
    this.name = 'UnknownParticipantError';
  }
}
