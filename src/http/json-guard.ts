/**
 * Parse-time guard for FHIR JSON bodies (issue 9, hardening; SPEC section 4, level 1).
 *
 * The gateway judges the parsed value but delivers the raw bytes, so the two must mean the same
 * thing to every reader: no byte order mark, valid UTF-8 only, no duplicate keys (a first-key-wins
 * parser would see another sender), no number that parses to ±Infinity. Structural limits (depth,
 * array length, number of values) are checked on the text before JSON.parse, so a hostile shape
 * never reaches the schema layer.
 *
 * Cost: one pass over the text (which also replaces the old depth scan) and one walk over the
 * parsed value counting keys; bench/parse-guard.ts measures it against bare JSON.parse. Locating
 * the faulty element (a second, slower pass) happens only when a message is refused.
 */
import { isUtf8 } from 'node:buffer';
import { notProcessable, type NotProcessable } from '../findings/not-processable.js';

export interface JsonLimits {
  /** Deepest array/object nesting (WASL_MAX_JSON_DEPTH). */
  readonly maxDepth: number;
  /** Most elements in any one array (WASL_MAX_ARRAY_LENGTH). */
  readonly maxArrayLength: number;
  /** Most JSON values in the whole message: every object, array, string, number, boolean and null (WASL_MAX_JSON_VALUES). */
  readonly maxValues: number;
}

/** Refuses a body whose bytes are not plain UTF-8 JSON text; returns the text. */
export function decodeUtf8Json(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw notProcessable('WASL_ERR_BOM', undefined, 'the body starts with a UTF-8 byte order mark (EF BB BF); send the JSON text without it');
  }
  if (!isUtf8(bytes)) {
    throw notProcessable('WASL_ERR_INVALID_UTF8', undefined, `the body is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)})`);
  }
  return bytes.toString('utf8');
}

/**
 * Parses JSON text under the limits: refused before parsing when too deep, an array too long or
 * too many values; refused after parsing on a duplicate key, a non-finite number or a forbidden
 * (`__proto__`, `constructor.prototype`) key.
 */
export function guardedJsonParse(text: string, limits: JsonLimits): unknown {
  const keysInText = scanStructure(text, limits);
  let parsed: unknown;
  try {
    // JSON.parse makes `__proto__` an own key, never the prototype; the walk below refuses it.
    parsed = JSON.parse(text);
  } catch {
    throw notProcessable('GE-00013', undefined, 'the body is not well-formed JSON');
  }
  const ownKeys = typeof parsed === 'number' ? (Number.isFinite(parsed) ? 0 : Number.NaN) : countOwnKeys(parsed);
  if (ownKeys !== keysInText) throw explainKeyMismatch(text);
  return parsed;
}

/**
 * Keys one JSON object may hold. No FHIR element has more than a few dozen (the official samples
 * and sandbox captures: at most 21), so a thousand is generous and bounds the work of every layer
 * that walks an object's keys.
 */
export const MAX_OBJECT_KEYS = 1_000;

/**
 * One pass over the text (strings skipped): nesting depth, elements per array and values in
 * all, stopping at the first limit passed. Returns the number of object keys in the text (the
 * colons outside strings), to compare with the keys the parsed value really has.
 */
function scanStructure(text: string, limits: JsonLimits): number {
  const { maxDepth, maxArrayLength } = limits;
  // Per open container: 0 for an object, else 1 + the commas seen so far in that array.
  const open = new Uint32Array(maxDepth + 2);
  // Per open object: its keys so far (an object of 900,000 unknown keys is as costly as an array).
  const members = new Uint32Array(maxDepth + 2);
  let depth = 0;
  let keys = 0;
  let elements = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    // Whitespace, most of a pretty-printed text outside strings, costs one comparison.
    if (c <= 32) continue;
    switch (c) {
      case 34 /* " */:
        // Strings are most of a FHIR text: jump over them natively instead of char by char.
        i = closingQuote(text, i);
        break;
      case 58 /* : */:
        keys += 1;
        members[depth] = members[depth]! + 1;
        if (members[depth]! > MAX_OBJECT_KEYS) {
          throw notProcessable('WASL_ERR_TOO_MANY_KEYS', undefined, `an object holds more than ${MAX_OBJECT_KEYS} keys; FHIR elements hold a few dozen`);
        }
        break;
      case 44 /* , */:
        if (open[depth]! > 0) {
          open[depth] = open[depth]! + 1;
          if (open[depth]! > maxArrayLength) throw arrayTooLong(text, i, limits);
        }
        break;
      case 123 /* { */:
      case 91 /* [ */:
        depth += 1;
        if (depth > maxDepth) throw notProcessable('WASL_ERR_TOO_DEEP', undefined, `nesting depth exceeds ${maxDepth} (WASL_MAX_JSON_DEPTH)`);
        open[depth] = c === 91 ? 1 : 0;
        members[depth] = 0;
        break;
      case 93 /* ] */:
        if (depth === 0) return keys; // malformed: JSON.parse will say so
        if (!emptyBefore(text, i)) elements += open[depth]!;
        depth -= 1;
        break;
      case 125 /* } */:
        if (depth === 0) return keys;
        depth -= 1;
        break;
      default:
        break;
    }
  }
  const values = 1 + elements + keys;
  if (values > limits.maxValues) {
    throw notProcessable('WASL_ERR_TOO_MANY_VALUES', undefined, `the message holds ${values} JSON values; at most ${limits.maxValues} are accepted (WASL_MAX_JSON_VALUES)`);
  }
  return keys;
}

/** Whether the array closed at `close` is `[]` (only whitespace after its `[`). */
function emptyBefore(text: string, close: number): boolean {
  let j = close - 1;
  for (let c = text.charCodeAt(j); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(j)) j -= 1;
  return text.charCodeAt(j) === 91;
}

/**
 * Own enumerable keys of a parsed JSON value, all depths; NaN when it holds ±Infinity. Throws
 * on a `__proto__` key or a `constructor` object with a `prototype` key, which later merges
 * could turn into prototype pollution (what secure-json-parse refused before).
 */
function countOwnKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item === 'object') n += countOwnKeys(item);
      else if (typeof item === 'number' && !Number.isFinite(item)) return Number.NaN;
    }
    return n;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    n += 1;
    const item = record[key];
    if (key === '__proto__' || (key === 'constructor' && typeof item === 'object' && item !== null && Object.hasOwn(item, 'prototype'))) {
      throw notProcessable('WASL_ERR_FORBIDDEN_KEY');
    }
    if (typeof item === 'object') n += countOwnKeys(item);
    else if (typeof item === 'number' && !Number.isFinite(item)) return Number.NaN;
  }
  return n;
}

function arrayTooLong(text: string, offset: number, limits: JsonLimits): NotProcessable {
  const found = locate(text, { arrayAt: offset });
  const size = found.arrayLength === undefined ? `more than ${limits.maxArrayLength}` : String(found.arrayLength);
  return notProcessable('WASL_ERR_ARRAY_TOO_LONG', found.path, `an array of ${size} elements; at most ${limits.maxArrayLength} are accepted (WASL_MAX_ARRAY_LENGTH)`);
}

function explainKeyMismatch(text: string): NotProcessable {
  const found = locate(text, {});
  if (found.nonFinite) return notProcessable('WASL_ERR_NON_FINITE_NUMBER', found.path, 'a number too large to represent (it would parse as Infinity)');
  return notProcessable('WASL_ERR_DUPLICATE_KEY', found.path, found.key === undefined ? 'an object repeats a key' : `an object repeats the key "${found.key}"`);
}

interface Frame {
  readonly array: boolean;
  /** The path of this container. */
  readonly path: string;
  index: number;
  key: string | undefined;
  expectKey: boolean;
  readonly keys: Set<string> | undefined;
  readonly start: number;
}

interface Located {
  path: string | undefined;
  key?: string;
  nonFinite?: boolean;
  arrayLength?: number;
}

/**
 * The slow path, run only for a refused message: walks the text keeping the FHIRPath-like path
 * (`Bundle.entry[1].resource.item`) of where it is, and reports the first duplicate key, the
 * first non-finite number, or the array holding `arrayAt`. Tolerant of malformed text.
 */
function locate(text: string, target: { arrayAt?: number }): Located {
  const stack: Frame[] = [];
  let rootType: string | undefined;
  let found: Located | undefined;
  let foundFrame: Frame | undefined;
  const here = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.array ? `${top.path}[${top.index}]` : `${top.path}${segment(top.key ?? '')}`;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34) {
      const end = closingQuote(text, i);
      if (top && !top.array && top.expectKey) {
        const key = decodeString(text, i, end);
        if (!found && top.keys!.has(key)) found = { path: `${top.path}${segment(key)}`, key };
        top.keys!.add(key);
        top.key = key;
        top.expectKey = false;
      } else if (stack.length === 1 && top && !top.array && top.key === 'resourceType' && rootType === undefined) {
        rootType = decodeString(text, i, end);
      }
      i = end;
    } else if (c === 123 || c === 91) {
      const path = here();
      const frame: Frame = { array: c === 91, path, index: 0, key: undefined, expectKey: c === 123, keys: c === 123 ? new Set() : undefined, start: i };
      stack.push(frame);
    } else if (c === 93 || c === 125) {
      const closed = stack.pop();
      if (closed && closed === foundFrame && found) found.arrayLength = emptyBefore(text, i) ? 0 : closed.index + 1;
    } else if (c === 44) {
      if (top?.array) {
        top.index += 1;
        if (target.arrayAt === i && !found) {
          found = { path: top.path };
          foundFrame = top;
        }
      } else if (top) top.expectKey = true;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i;
      while (end + 1 < text.length && /[0-9eE+\-.]/.test(text[end + 1]!)) end += 1;
      if (!found && !Number.isFinite(Number(text.slice(i, end + 1)))) found = { path: here(), nonFinite: true };
      i = end;
    }
  }
  if (!found) return { path: undefined };
  const root = rootType !== undefined && /^[A-Za-z]+$/.test(rootType) ? rootType : '$';
  return { ...found, path: found.path === undefined ? undefined : `${root}${found.path}` };
}

function segment(key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return /^[A-Za-z_$][\w$]*$/.test(shown) ? `.${shown}` : `[${JSON.stringify(shown)}]`;
}

/** Offset of the quote closing the string opened at `open` (the text's length when unclosed). */
function closingQuote(text: string, open: number): number {
  let q = text.indexOf('"', open + 1);
  while (q > 0 && text.charCodeAt(q - 1) === 92) {
    // Escaped only when an odd run of backslashes precedes it.
    let k = q - 2;
    while (text.charCodeAt(k) === 92) k -= 1;
    if ((q - 1 - k) % 2 === 0) break;
    q = text.indexOf('"', q + 1);
  }
  return q < 0 ? text.length : q;
}

function decodeString(text: string, open: number, close: number): string {
  const literal = text.slice(open, close + 1);
  if (!literal.includes('\\')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  // Refusal path only: the first U+FFFD of a lenient decoding that was not in the bytes.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let offset = 0;
  let counted = 0;
  for (let index = decoded.indexOf('\uFFFD'); index >= 0; index = decoded.indexOf('\uFFFD', index + 1)) {
    offset += Buffer.byteLength(decoded.slice(counted, index), 'utf8');
    counted = index;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
  }
  return 0;
}
