/**
 * Request bodies (SPEC section 2): FHIR JSON only, read as bytes so the exact bytes can be
 * hashed (idempotency) and delivered unchanged, then parsed defensively (src/http/json-guard.ts):
 * a byte order mark, invalid UTF-8, duplicate keys, non-finite numbers, `__proto__` or
 * `constructor.prototype` keys, too deep a nesting, too long an array or too many values → a
 * coded 400, never a crash, a polluted object or a message that means one thing to the gateway
 * and another to the payer.
 */
import { DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_JSON_VALUES } from '../config.js';
import { notProcessable } from '../findings/not-processable.js';
import { decodeUtf8Json, guardedJsonParse, type JsonLimits } from './json-guard.js';

export type { JsonLimits } from './json-guard.js';

export interface FhirBody {
  readonly raw: string;
  readonly parsed: unknown;
}

export const FHIR_MEDIA_TYPES = ['application/fhir+json', 'application/json'] as const;

/** The configuration's defaults, for callers that name only a depth. */
const DEFAULT_LIMITS: Omit<JsonLimits, 'maxDepth'> = { maxArrayLength: DEFAULT_MAX_ARRAY_LENGTH, maxValues: DEFAULT_MAX_JSON_VALUES };

/** A body as received (Fastify `parseAs: 'buffer'`): refused unless plain UTF-8 JSON under the limits. */
export function readFhirBody(bytes: Buffer, limits: JsonLimits): FhirBody {
  return parseFhirBody(decodeUtf8Json(bytes), limits);
}

/** Already-decoded text; `limits` may be a bare depth for callers with no other limit to set. */
export function parseFhirBody(raw: string, limits: JsonLimits | number): FhirBody {
  if (raw.trim() === '') throw notProcessable('GE-00013', undefined, 'the request body is empty');
  const all = typeof limits === 'number' ? { ...DEFAULT_LIMITS, maxDepth: limits } : limits;
  return { raw, parsed: guardedJsonParse(raw, all) };
}
