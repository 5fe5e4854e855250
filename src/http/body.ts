/**
 * Request bodies (SPEC section 2): FHIR JSON only, read as text so the exact bytes can be
 * hashed (idempotency) and delivered unchanged, then parsed defensively. Too deep, or carrying
 * `__proto__`/`constructor.prototype` keys → a coded 400, never a crash or a polluted object.
 */
import secureJson from 'secure-json-parse';
import { notProcessable } from '../findings/not-processable.js';

export interface FhirBody {
  readonly raw: string;
  readonly parsed: unknown;
}

export const FHIR_MEDIA_TYPES = ['application/fhir+json', 'application/json'] as const;

export function parseFhirBody(raw: string, maxDepth: number): FhirBody {
  if (raw.trim() === '') throw notProcessable('GE-00013', undefined, 'the request body is empty');
  const depth = nestingDepth(raw);
  if (depth > maxDepth) throw notProcessable('WASL_ERR_TOO_DEEP', undefined, `nesting depth ${depth} exceeds ${maxDepth}`);
  let parsed: unknown;
  try {
    parsed = secureJson.parse(raw, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : '';
    if (/prototype/i.test(message)) throw notProcessable('WASL_ERR_FORBIDDEN_KEY');
    throw notProcessable('GE-00013', undefined, 'the body is not well-formed JSON');
  }
  return { raw, parsed };
}

/**
 * Deepest array/object nesting of a JSON text, counted without parsing (brackets inside
 * strings are skipped), so a hostile body is refused before JSON.parse recurses into it.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i += 1;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth -= 1;
  }
  return deepest;
}
