/**
 * SMART Backend Services authentication (SPEC: `POST /auth/token`): a participant proves who
 * it is with a client assertion JWT signed by its registered key, and gets a short-lived
 * ES256 access token signed by the gateway, which every later request carries as
 * `Authorization: Bearer`. Failures are values with Wasl codes; nothing here throws on bad input.
 */
import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  type JWK,
  type JWSHeaderParameters,
  type JWTPayload,
} from 'jose';
import { securityPaths } from './paths.js';
import { GATEWAY_ALGORITHM, loadGatewayKeys, type GatewayKeys } from './gateway-keys.js';
import { MemoryJtiCache, type JtiReplayGuard } from './jti-cache.js';
import { assertionAlgorithmOf, publicJwkOf } from './jwk.js';
import { readParticipantPrivateJwk } from './local-keys.js';
import { FileParticipantRegistry } from './participants/file-registry.js';
import { LICENCE_PATTERN } from './participants/parse.js';
import type { Participant, ParticipantRegistry, ParticipantRole } from './participants/participant.js';

export { gatewayJwks, loadGatewayKeys, type GatewayKeys } from './gateway-keys.js';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ACCESS_TOKEN_SCOPE = 'system/*.write system/*.read';
/** RFC 9068 media type: keeps an access token from being mistaken for any other JWT. */
const ACCESS_TOKEN_TYP = 'at+jwt';
const ASSERTION_ALGORITHMS: readonly string[] = ['ES384', 'RS384'];
/** SMART: the assertion's `exp` is at most five minutes in the future. */
const MAX_ASSERTION_LIFETIME_S = 300;
/** Participants' clocks drift; the gateway's own tokens need no tolerance. */
const ASSERTION_CLOCK_TOLERANCE_S = 30;
/** Instances of a scaled-out gateway may disagree by a few seconds about when a token was issued. */
const ACCESS_TOKEN_ISSUED_AT_TOLERANCE_S = 30;
/** Larger inputs are refused before any parsing: a real assertion or token is well under 4 KB. */
const MAX_JWT_CHARS = 8192;
/** Verified access tokens remembered per service; a client reuses its token for every request. */
const MAX_CACHED_TOKENS = 10_000;
/** The audience `issueLocalToken` uses: it exchanges in-process, not over HTTP. */
export const LOCAL_TOKEN_AUDIENCE = 'urn:wasl:local-token-exchange';

export interface AccessTokenResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
  readonly scope: string;
}

export type TokenResult =
  | { ok: true; value: AccessTokenResponse }
  | { ok: false; code: 'WASL_ERR_INVALID_GRANT' | 'WASL_ERR_INVALID_CLIENT'; reason: string };

export type AccessTokenCheck =
  | { ok: true; licence: string; role: ParticipantRole; participant: Participant }
  | { ok: false; code: 'WASL_ERR_UNAUTHENTICATED'; reason: string };

export interface ClientAssertionInput {
  readonly licence: string;
  /** The participant's private JWK: EC P-384 (signs ES384) or RSA (signs RS384). */
  readonly privateJwk: JWK;
  /** The token endpoint URL, e.g. `https://gateway.example/auth/token`. */
  readonly audience: string;
  /** Default 60 s; the gateway refuses more than 300. */
  readonly lifetimeSeconds?: number;
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
}

/** What a client does before calling `POST /auth/token`. Throws `TypeError` for a key it cannot use. */
export async function createClientAssertion(input: ClientAssertionInput): Promise<string> {
  const alg = assertionAlgorithmOf(input.privateJwk);
  if (!alg) throw new TypeError('client assertion keys must be EC P-384 (ES384) or RSA (RS384)');
  const key = await importJWK(input.privateJwk, alg);
  const nowS = Math.floor((input.now ?? Date.now)() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT', ...(input.privateJwk.kid ? { kid: input.privateJwk.kid } : {}) })
    .setIssuer(input.licence)
    .setSubject(input.licence)
    .setAudience(input.audience)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + (input.lifetimeSeconds ?? 60))
    .setJti(randomUUID())
    .sign(key);
}

export interface TokenServiceOptions {
  readonly registry: ParticipantRegistry;
  readonly gatewayKeys: GatewayKeys;
  /** Accepted token endpoint URLs (the assertion's `aud`); trailing slashes do not matter. */
  readonly audience: readonly string[];
  readonly accessTokenTtlSeconds?: number;
  /**
   * Longest `exp - iat` an access token may have to be accepted (default: the TTL). A token
   * signed with the gateway's key but for longer (a leaked key, an old build, a forged
   * "10 years" token) is refused, as is one without `iat` or `exp`.
   */
  readonly maxAccessTokenLifetimeSeconds?: number;
  /** Epoch milliseconds; for tests. */
  readonly now?: () => number;
  /** Default: per-process memory. A scaled-out gateway passes one backed by the shared store. */
  readonly jtiCache?: JtiReplayGuard;
}

type KeyResolver = (header: JWSHeaderParameters) => CryptoKey;

export class TokenService {
  readonly #registry: ParticipantRegistry;
  readonly #keys: GatewayKeys;
  readonly #audience: ReadonlySet<string>;
  readonly #ttlSeconds: number;
  readonly #maxLifetimeSeconds: number;
  readonly #now: () => number;
  readonly #jtis: JtiReplayGuard;
  /** Built once: the hot path only looks the `kid` up in an already-imported key map. */
  readonly #resolveGatewayKey: KeyResolver;
  /**
   * Exact token text → what its verified claims said. An ES256 verification costs a few hundred
   * microseconds through WebCrypto; a client sends the same token for its whole lifetime, so
   * only its first request pays. Expiry and the registry are still checked on every hit.
   */
  readonly #verified = new Map<string, { licence: string; expiresAtMs: number }>();

  constructor(options: TokenServiceOptions) {
    this.#registry = options.registry;
    this.#keys = options.gatewayKeys;
    this.#audience = new Set(options.audience.map(withoutTrailingSlash));
    this.#ttlSeconds = options.accessTokenTtlSeconds ?? 300;
    this.#maxLifetimeSeconds = options.maxAccessTokenLifetimeSeconds ?? this.#ttlSeconds;
    this.#now = options.now ?? Date.now;
    this.#jtis = options.jtiCache ?? new MemoryJtiCache();
    const keys = options.gatewayKeys.verificationKeys;
    this.#resolveGatewayKey = (header) => {
      const key = header.kid === undefined ? undefined : keys.get(header.kid);
      if (!key) throw new errors.JWKSNoMatchingKey();
      return key;
    };
  }

  /** Handles the form of `POST /auth/token` (application/x-www-form-urlencoded, already parsed). */
  async exchange(form: Readonly<Record<string, string | undefined>>): Promise<TokenResult> {
    if (form.grant_type !== CLIENT_CREDENTIALS) return invalidGrant(`grant_type must be "${CLIENT_CREDENTIALS}"`);
    if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE) return invalidGrant(`client_assertion_type must be "${CLIENT_ASSERTION_TYPE}"`);
    const assertion = form.client_assertion;
    if (!assertion) return invalidGrant('client_assertion is missing');
    if (assertion.length > MAX_JWT_CHARS) return invalidClient('client_assertion is too large');

    // Read the claims unverified only to find whose key must verify them.
    let header: JWSHeaderParameters;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(assertion);
      claims = decodeJwt(assertion);
    } catch {
      return invalidClient('client_assertion is not a signed JWT');
    }
    // Checked before any key is touched: `none`, HMAC (with the public key as secret) and others are refused.
    if (typeof header.alg !== 'string' || !ASSERTION_ALGORITHMS.includes(header.alg)) {
      return invalidClient(`client_assertion alg must be ES384 or RS384, got ${JSON.stringify(header.alg ?? null)}`);
    }
    const licence = claims.iss;
    if (typeof licence !== 'string' || licence === '' || claims.sub !== licence) {
      return invalidClient('client_assertion iss and sub must both be the participant licence');
    }
    if (form.client_id !== undefined && form.client_id !== licence) return invalidClient('client_id differs from the assertion issuer');
    const participant = this.#registry.get(licence);
    if (!participant) return invalidClient(`unknown participant "${licence}"`);
    // A blocked participant still proves who it is; the message routes refuse it with the
    // official GE-00029/GE-00030 (403), which tells it more than a bare 401 would.
    const registered = participant.credentials.publicJwk;
    if (!registered) return invalidClient(`participant "${licence}" has no registered public key`);

    let key: CryptoKey;
    try {
      key = (await importJWK(publicJwkOf(registered), header.alg)) as CryptoKey;
    } catch {
      return invalidClient(`the registered key of "${licence}" cannot verify ${header.alg}`);
    }
    const nowMs = this.#now();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, key, {
        algorithms: [header.alg],
        issuer: licence,
        subject: licence,
        requiredClaims: ['exp', 'jti'],
        currentDate: new Date(nowMs),
        clockTolerance: ASSERTION_CLOCK_TOLERANCE_S,
      }));
    } catch (err) {
      return invalidClient(describe(err, 'client_assertion'));
    }
    if (!this.#audienceAccepted(payload.aud)) return invalidClient('client_assertion aud is not this token endpoint');
    const exp = payload.exp!;
    if (exp > nowMs / 1000 + MAX_ASSERTION_LIFETIME_S + ASSERTION_CLOCK_TOLERANCE_S) {
      return invalidClient('client_assertion exp is more than 5 minutes ahead');
    }
    // SMART allows no assertion to live longer than 5 minutes: with an iat, the lifetime it
    // declares is measured on the client's own clock, so no tolerance is added.
    if (payload.iat !== undefined) {
      if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) return invalidClient('client_assertion iat must be a number');
      if (exp - payload.iat > MAX_ASSERTION_LIFETIME_S) return invalidClient('client_assertion lifetime (exp - iat) is more than 5 minutes');
    }
    if (typeof payload.jti !== 'string' || payload.jti === '') return invalidClient('client_assertion jti must be a non-empty string');
    // Per issuer: one participant's jti choice cannot block another's.
    const fresh = await this.#jtis.claim(`${licence}\u0000${payload.jti}`, (exp + ASSERTION_CLOCK_TOLERANCE_S) * 1000, nowMs);
    if (!fresh) return invalidClient('client_assertion jti was already used');

    const nowS = Math.floor(nowMs / 1000);
    const accessToken = await new SignJWT({ role: participant.role, scope: ACCESS_TOKEN_SCOPE })
      .setProtectedHeader({ alg: GATEWAY_ALGORITHM, kid: this.#keys.signingKid, typ: ACCESS_TOKEN_TYP })
      .setIssuer(this.#keys.issuer)
      .setSubject(licence)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + this.#ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#keys.signingKey);
    return {
      ok: true,
      value: { access_token: accessToken, token_type: 'bearer', expires_in: this.#ttlSeconds, scope: ACCESS_TOKEN_SCOPE },
    };
  }

  /**
   * Runs on every request: the signature is checked once per token against the already-imported
   * gateway keys, then the in-memory registry says whether the participant may still act.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenCheck> {
    if (typeof token !== 'string' || token === '') return unauthenticated('no access token');
    if (token.length > MAX_JWT_CHARS) return unauthenticated('access token is too large');
    const nowMs = this.#now();
    const cached = this.#verified.get(token);
    if (cached) {
      if (nowMs >= cached.expiresAtMs) {
        this.#verified.delete(token);
        return unauthenticated('access token has expired');
      }
      return this.#currentParticipant(cached.licence);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#resolveGatewayKey, {
        algorithms: [GATEWAY_ALGORITHM],
        issuer: this.#keys.issuer,
        typ: ACCESS_TOKEN_TYP,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: new Date(nowMs),
      }));
    } catch (err) {
      return unauthenticated(describe(err, 'access token'));
    }
    if (typeof payload.sub !== 'string') return unauthenticated('access token sub must be a licence');
    const lifetimeProblem = this.#lifetimeProblem(payload, nowMs);
    if (lifetimeProblem) return unauthenticated(lifetimeProblem);
    // Insertion order is age order: dropping the first key evicts the oldest entry.
    if (this.#verified.size >= MAX_CACHED_TOKENS) this.#verified.delete(this.#verified.keys().next().value!);
    this.#verified.set(token, { licence: payload.sub, expiresAtMs: payload.exp! * 1000 });
    return this.#currentParticipant(payload.sub);
  }

  /**
   * The role is the current one, and a removed participant's token stops working at once.
   * Blocking is authorisation, not authentication: it is refused by the routes (GE-00029/30, 403),
   * which read the record returned here.
   */
  #currentParticipant(licence: string): AccessTokenCheck {
    const participant = this.#registry.get(licence);
    if (!participant) return unauthenticated(`access token names unknown participant "${licence}"`);
    return { ok: true, licence: participant.licence, role: participant.role, participant };
  }

  /**
   * The gateway issues tokens for `#ttlSeconds` (SMART Backend Services: short-lived). One that
   * claims more, or was issued in the future (which would stretch a short `exp - iat` arbitrarily
   * far), did not come from this gateway's issuing path and is refused.
   */
  #lifetimeProblem(payload: JWTPayload, nowMs: number): string | undefined {
    const { iat, exp } = payload;
    if (typeof iat !== 'number' || typeof exp !== 'number') return 'access token must carry numeric iat and exp';
    if (exp - iat > this.#maxLifetimeSeconds) return `access token lifetime (exp - iat) exceeds ${this.#maxLifetimeSeconds} s`;
    if (iat > nowMs / 1000 + ACCESS_TOKEN_ISSUED_AT_TOLERANCE_S) return 'access token iat is in the future';
    return undefined;
  }

  #audienceAccepted(aud: string | string[] | undefined): boolean {
    const values = aud === undefined ? [] : Array.isArray(aud) ? aud : [aud];
    return values.some((value) => typeof value === 'string' && this.#audience.has(withoutTrailingSlash(value)));
  }
}

/** Thrown by `issueLocalToken` (a CLI path, where an exception ends the command with its message). */
export class LocalTokenError extends Error {
  constructor(
    readonly licence: string,
    readonly code: 'WASL_ERR_NO_LOCAL_KEY' | 'WASL_ERR_INVALID_CLIENT' | 'WASL_ERR_INVALID_GRANT',
    message: string,
  ) {
    super(message);
    this.name = 'LocalTokenError';
  }
}

/**
 * `wasl token <licence>`: signs an assertion with the participant's local private key and
 * exchanges it in-process with a TokenService over the same data directory, so the token is
 * exactly one the running gateway accepts (same gateway keys, same registry).
 */
export async function issueLocalToken(dataDir: string, licence: string, participants?: ParticipantRegistry): Promise<string> {
  if (!LICENCE_PATTERN.test(licence)) throw new LocalTokenError(licence, 'WASL_ERR_INVALID_CLIENT', `"${licence}" is not a licence value`);
  const privateJwk = await readParticipantPrivateJwk(dataDir, licence);
  if (!privateJwk) {
    throw new LocalTokenError(
      licence,
      'WASL_ERR_NO_LOCAL_KEY',
      `no local private key for participant "${licence}" in ${securityPaths(dataDir).keysDir} (only participants created by \`wasl init\` have one)`,
    );
  }
  // `wasl token` passes the store's registry (what the gateway enforces); the file is the fallback before any store exists.
  const [registry, gatewayKeys] = await Promise.all([participants ?? FileParticipantRegistry.open(dataDir), loadGatewayKeys(dataDir)]);
  const service = new TokenService({ registry, gatewayKeys, audience: [LOCAL_TOKEN_AUDIENCE] });
  const assertion = await createClientAssertion({ licence, privateJwk, audience: LOCAL_TOKEN_AUDIENCE });
  const result = await service.exchange({
    grant_type: CLIENT_CREDENTIALS,
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
  });
  if (!result.ok) throw new LocalTokenError(licence, result.code, `participant "${licence}": ${result.reason}`);
  return result.value.access_token;
}

function invalidGrant(reason: string): TokenResult {
  return { ok: false, code: 'WASL_ERR_INVALID_GRANT', reason };
}

function invalidClient(reason: string): TokenResult {
  return { ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason };
}

function unauthenticated(reason: string): AccessTokenCheck {
  return { ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A short reason for a jose failure; jose's messages never contain key material. */
function describe(err: unknown, what: string): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return `${what} has expired`;
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `${what}: ${(err as Error).message}`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return `${what} signature does not verify`;
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return `${what} algorithm is not allowed`;
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return `${what} is signed by a key this gateway does not hold`;
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return `${what} is malformed`;
    default:
      return `${what} cannot be verified`;
  }
}
