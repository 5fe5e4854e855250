/** What the fuzz generators produce and what they may draw on. */
import type { Random } from './prng.js';

/** One generated request: sent with fetch, or (`raw`) written as bytes on a fresh socket. */
export interface FuzzRequest {
  /** The mutation family, printed with the outcome table and the slowest answer. */
  readonly family: string;
  /** What the family did, for a failure message (short). */
  readonly note: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | undefined;
  /** Bytes written verbatim on a new connection instead of using fetch. */
  readonly raw?: Uint8Array | undefined;
}

/** A request sample as the generators use it. */
export interface FuzzSample {
  readonly file: string;
  readonly event: string;
  readonly text: string;
  readonly json: Record<string, any>;
  readonly sender: string | undefined;
  readonly receiver: string | undefined;
}

export interface FuzzLimits {
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly maxArrayLength: number;
  readonly maxJsonValues: number;
}

export interface FuzzContext {
  readonly samples: readonly FuzzSample[];
  /** Real access tokens, by licence. */
  readonly tokens: ReadonlyMap<string, string>;
  /** Tokens the gateway must refuse (expired, forged, over-long...), with what each is. */
  readonly badTokens: readonly { readonly kind: string; readonly value: string }[];
  /** A Subscription body to mutate. */
  readonly subscription: Record<string, any>;
  readonly limits: FuzzLimits;
  readonly fhirBase: string;
  readonly tokenAudience: string;
}

export type Family = (random: Random, ctx: FuzzContext) => FuzzRequest;

export const FHIR_JSON = 'application/fhir+json';

/** The bearer header of a participant's real token (the sample's sender when it has one). */
export function bearerOf(ctx: FuzzContext, licence: string | undefined): Record<string, string> {
  const token = ctx.tokens.get(licence ?? '') ?? ctx.tokens.get('N-F-00001');
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}
