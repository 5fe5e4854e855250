/**
 * Mutations of the bytes and text of a message: truncations, byte order marks, invalid UTF-8,
 * duplicate keys, prototype-pollution keys, deep nesting, syntax damage and random bytes.
 */
import type { Random } from './prng.js';
import { randomUnicode } from './json-mutations.js';

const enc = new TextEncoder();

export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  const buffers = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of buffers) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Cut at a random byte offset (possibly inside a multi-byte character). */
export function truncate(random: Random, text: string): { body: Uint8Array; note: string } {
  const bytes = enc.encode(text);
  const at = random.chance(0.1) ? random.int(0, 8) : random.int(0, bytes.length - 1);
  return { body: bytes.subarray(0, at), note: `truncated at byte ${at} of ${bytes.length}` };
}

const BOMS: readonly [string, number[]][] = [
  ['utf8-bom', [0xef, 0xbb, 0xbf]],
  ['utf16le-bom', [0xff, 0xfe]],
  ['utf16be-bom', [0xfe, 0xff]],
  ['utf32le-bom', [0xff, 0xfe, 0x00, 0x00]],
  ['double-utf8-bom', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]],
  ['partial-bom', [0xef, 0xbb]],
];

export function withBom(random: Random, text: string): { body: Uint8Array; note: string } {
  const [name, bom] = random.pick(BOMS);
  if (random.chance(0.2)) {
    // U+FEFF in the middle (valid UTF-8 between tokens: JSON.parse refuses it as whitespace).
    const at = random.int(0, text.length);
    return { body: concat(text.slice(0, at), new Uint8Array([0xef, 0xbb, 0xbf]), text.slice(at)), note: `bom inside at ${at}` };
  }
  if (name.startsWith('utf16')) {
    // The whole text in UTF-16, as a Windows tool would save it.
    const body = Buffer.from(text, 'utf16le');
    if (name === 'utf16be-bom') body.swap16();
    return { body: concat(new Uint8Array(bom), new Uint8Array(body)), note: name };
  }
  return { body: concat(new Uint8Array(bom), text), note: name };
}

const BAD_UTF8: readonly number[][] = [
  [0x80], [0xbf], [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3], [0xc3, 0x28], [0xf8, 0x88, 0x80, 0x80, 0x80],
];

export function invalidUtf8(random: Random, text: string): { body: Uint8Array; note: string } {
  const bytes = enc.encode(text);
  const bad = random.pick(BAD_UTF8);
  const at = random.chance(0.1) ? bytes.length : random.int(0, bytes.length);
  return { body: concat(bytes.subarray(0, at), new Uint8Array(bad), bytes.subarray(at)), note: `bytes ${bad.map((b) => b.toString(16)).join(' ')} at ${at}` };
}

/** Positions of `"key":` in the text (the key itself, without quotes). */
function keyPositions(text: string): { at: number; key: string }[] {
  const out: { at: number; key: string }[] = [];
  const re = /"([A-Za-z_$][\w$-]*)"\s*:/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ at: m.index, key: m[1]! });
  return out;
}

function randomValueText(random: Random): string {
  return random.pick(['null', 'true', '1', '"x"', '{}', '[]', '"N-F-00003"', '{"identifier":{"value":"N-F-00003"}}', JSON.stringify(randomUnicode(random, 8))]);
}

/** A key written twice in one object (the earlier copy different), or the same key escaped. */
export function duplicateKey(random: Random, text: string): { body: string; note: string } {
  const keys = keyPositions(text);
  if (keys.length === 0) return { body: `{"a":1,"a":2}`, note: 'dup a' };
  const { at, key } = random.pick(keys);
  const spelling = random.chance(0.2) ? `"${key.slice(0, -1)}\\u${key.charCodeAt(key.length - 1).toString(16).padStart(4, '0')}"` : `"${key}"`;
  return { body: `${text.slice(0, at)}${spelling}:${randomValueText(random)},${text.slice(at)}`, note: `dup ${key}${spelling.includes('\\u') ? ' (escaped)' : ''}` };
}

const POLLUTION: readonly string[] = [
  '"__proto__":{"isAdmin":true}', '"__proto__":null', '"__proto__":[]', '"__proto__":{"sender":{"identifier":{"value":"N-F-00003"}}}',
  '"constructor":{"prototype":{"polluted":true}}', '"constructor":{"prototype":null}', '"constructor":"x"', '"prototype":{"x":1}',
  '"__pro\\u0074o__":{"x":1}', '"\\u005f\\u005fproto\\u005f\\u005f":{}', '"constructor":{"prot\\u006ftype":{}}', '"toString":"x"', '"hasOwnProperty":1', '"valueOf":{}',
];

/** A pollution key inserted after a random `{`. */
export function pollutionKey(random: Random, text: string): { body: string; note: string } {
  const braces: number[] = [];
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) braces.push(i);
  const at = random.pick(braces) + 1;
  const key = random.pick(POLLUTION);
  const rest = text.slice(at).trimStart();
  return { body: `${text.slice(0, at)}${key}${rest.startsWith('}') ? '' : ','}${text.slice(at)}`, note: key.slice(0, 30) };
}

/** A value replaced by nesting around the limit, or far beyond it. */
export function deepNesting(random: Random, text: string, maxDepth: number): { body: string; note: string } {
  const depth = random.pick([maxDepth - 3, maxDepth - 1, maxDepth, maxDepth + 1, maxDepth + 2, 2 * maxDepth, 1000, 10_000, 100_000]);
  const kind = random.pick(['array', 'object', 'mixed', 'unclosed']);
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i += 1) {
    const array = kind === 'array' || (kind === 'mixed' && i % 2 === 0) || kind === 'unclosed';
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  const nested = kind === 'unclosed' ? open : `${open}1${close}`;
  const keys = keyPositions(text);
  if (keys.length === 0 || random.chance(0.1)) return { body: nested, note: `${kind} depth ${depth} alone` };
  const { at, key } = random.pick(keys);
  return { body: `${text.slice(0, at)}"${key}":${nested},${text.slice(at)}`, note: `${kind} depth ${depth} at ${key}` };
}

const SYNTAX: readonly ((random: Random, text: string) => string)[] = [
  (_r, t) => `${t}}`,
  (_r, t) => `${t}${t}`,
  (_r, t) => `${t} // comment`,
  (_r, t) => t.replace(/"/g, "'"),
  (r, t) => t.replace(/,/, random0(r) ? ',,' : ', ,'),
  (_r, t) => t.replace(/}\s*$/, ',}'),
  (_r, t) => t.replace(/\]/, ',]'),
  (r, t) => {
    const at = r.int(0, t.length);
    return `${t.slice(0, at)}${String.fromCharCode(r.int(0, 31))}${t.slice(at)}`;
  },
  (r, t) => {
    const at = r.int(0, t.length);
    return `${t.slice(0, at)}${r.pick(['NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '01', '.5', '+1', '1.', '\\x41', '"\\ud800"', '"\\u12"'])}${t.slice(at)}`;
  },
  () => '',
  () => '   \n\t ',
  (r) => r.pick(['null', '[]', '{}', '0', '""', 'true', '"Bundle"', '[{}]', '{"resourceType":"Bundle"}', '{"resourceType":"Bundle","type":"message","entry":[]}', '{"resourceType":"Bundle","type":"message","entry":[{}]}', '{"resourceType":"Bundle","type":"message","entry":[null]}', '{"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"MessageHeader"}}]}']),
  (_r, t) => t.replace(/\s+/g, (w) => w + ' '.repeat(Math.min(64, w.length * 8))),
];

function random0(r: Random): boolean {
  return r.chance(0.5);
}

export function syntaxDamage(random: Random, text: string): { body: string; note: string } {
  const i = random.int(0, SYNTAX.length - 1);
  return { body: SYNTAX[i]!(random, text), note: `syntax #${i}` };
}

/** A few bytes of the text replaced by random bytes. */
export function byteFlips(random: Random, text: string): { body: Uint8Array; note: string } {
  const bytes = enc.encode(text);
  const n = random.int(1, 8);
  for (let i = 0; i < n; i += 1) bytes[random.int(0, bytes.length - 1)] = random.chance(0.5) ? random.int(0x20, 0x7e) : random.int(0, 255);
  return { body: bytes, note: `${n} bytes flipped` };
}

export function randomBytes(random: Random): { body: Uint8Array; note: string } {
  const n = random.pick([0, 1, 2, 16, 256, 4096, 65_536]);
  return { body: random.bytes(random.int(0, n)), note: `random bytes (<= ${n})` };
}
