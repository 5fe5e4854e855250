/**
 * Where a value sits in JSON text, without re-serialising it. A poll-response nests each message
 * byte for byte (issue 11, item 3) and its signature covers exactly those bytes, so a verifier must
 * cut the nested text out of the response as it is: `JSON.stringify(JSON.parse(...))` would change
 * whitespace, escapes and number spellings and break every signature.
 *
 * One linear pass over the text, descending only into the containers on the path and skipping every
 * other value. Offsets are UTF-16 indices into the string (what `slice` takes); for valid UTF-8 input
 * `Buffer.from(text.slice(start, end))` is exactly the bytes of that span.
 *
 * A repeated object key resolves to its last occurrence, as `JSON.parse` does, so the span verified
 * is the value a reader of the parsed document sees. Skipped values are delimited, not validated:
 * callers parse the whole text with `JSON.parse` first, which rejects anything malformed.
 */

export type JsonPath = readonly (string | number)[];

export interface JsonSpan {
  /** Index of the first character of the value. */
  readonly start: number;
  /** Index just after its last character. */
  readonly end: number;
}

export class JsonSpanError extends Error {
  override readonly name = 'JsonSpanError';
  constructor(readonly offset: number, problem: string) {
    super(`invalid JSON at offset ${offset}: ${problem}`);
  }
}

/**
 * The span of the value at `path`, or undefined when the path does not exist. Throws JsonSpanError on
 * text that is not JSON along the way. `from` starts the walk at a value inside the text (the start
 * of a span found before), so nested lookups do not rescan the document.
 */
export function jsonSpan(text: string, path: JsonPath, from = 0): JsonSpan | undefined {
  let start = skipSpace(text, from);
  for (const step of path) {
    const found = typeof step === 'number' ? arrayElement(text, start, step) : objectMember(text, start, step);
    if (found === undefined) return undefined;
    start = found;
  }
  return { start, end: skipValue(text, start) };
}

/**
 * The spans of every element of the array at `path`, in one pass (a poll-response's entries are
 * located once, not once per nested message); undefined when there is no array there.
 */
export function jsonElementSpans(text: string, path: JsonPath, from = 0): JsonSpan[] | undefined {
  const array = jsonSpan(text, path, from);
  if (!array || text[array.start] !== '[') return undefined;
  const spans: JsonSpan[] = [];
  let i = skipSpace(text, array.start + 1);
  while (text[i] !== ']') {
    const end = skipValue(text, i);
    spans.push({ start: i, end });
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    else if (text[i] !== ']') throw new JsonSpanError(i, "expected ',' or ']' in an array");
  }
  return spans;
}

/** The exact text of the value at `path`. */
export function jsonSpanText(text: string, path: JsonPath): string | undefined {
  const span = jsonSpan(text, path);
  return span && text.slice(span.start, span.end);
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.has(text.charCodeAt(i))) i++;
  return i;
}

/** Start of element `index` of the array at `at`; undefined when `at` is not an array or it is too short. */
function arrayElement(text: string, at: number, index: number): number | undefined {
  if (text[at] !== '[') return undefined;
  let i = skipSpace(text, at + 1);
  if (text[i] === ']') return undefined;
  for (let n = 0; ; n++) {
    if (n === index) return i;
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ']') return undefined;
    if (text[i] !== ',') throw new JsonSpanError(i, "expected ',' or ']' in an array");
    i = skipSpace(text, i + 1);
  }
}

/** Start of the last member `key` of the object at `at`; undefined when `at` is not an object or has no such key. */
function objectMember(text: string, at: number, key: string): number | undefined {
  if (text[at] !== '{') return undefined;
  let found: number | undefined;
  let i = skipSpace(text, at + 1);
  if (text[i] === '}') return undefined;
  for (;;) {
    if (text[i] !== '"') throw new JsonSpanError(i, 'expected a member name');
    const nameEnd = skipString(text, i);
    const name = text.slice(i, nameEnd);
    i = skipSpace(text, nameEnd);
    if (text[i] !== ':') throw new JsonSpanError(i, "expected ':' after a member name");
    i = skipSpace(text, i + 1);
    // Names without escapes compare as they are; only an escaped name needs decoding.
    if ((name.includes('\\') ? (JSON.parse(name) as string) : name.slice(1, -1)) === key) found = i;
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === '}') return found;
    if (text[i] !== ',') throw new JsonSpanError(i, "expected ',' or '}' in an object");
    i = skipSpace(text, i + 1);
  }
}

/** Index just after the value starting at `i`. Containers are skipped with a depth counter, not recursion, so deep nesting cannot overflow the stack. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') return skipContainer(text, i);
  const scalar = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/y;
  scalar.lastIndex = 0;
  const match = scalar.exec(text.slice(i, i + 400));
  if (!match) throw new JsonSpanError(i, 'expected a value');
  return i + match[0].length;
}

function skipContainer(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = skipString(text, i) - 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  throw new JsonSpanError(text.length, 'unterminated object or array');
}

/** Index just after the closing quote of the string starting at `i`; a backslash always escapes the next character. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  throw new JsonSpanError(i, 'unterminated string');
}
