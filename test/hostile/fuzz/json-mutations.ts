/**
 * Mutations of a parsed sample: delete, duplicate and swap values, swap types, random unicode,
 * very long strings, odd numbers and long arrays. Numbers JavaScript cannot hold (1e400,
 * 12345678901234567890 as written) are placed as markers and spliced into the text by `render`.
 */
import type { Random } from './prng.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Slot = { parent: Json[] | Record<string, Json>; key: string | number };

/** Number spellings that stress a parser: overflow, underflow, negative zero, precision, exponents. */
export const ODD_NUMBERS = [
  '1e400', '-1e400', '1E+309', '-0', '-0.0', '0e0', '1e-400', '4.9e-324', '5e-325', '12345678901234567890', '-9223372036854775809',
  '9007199254740993', '1.00000000000000000000000001', '0.1e1', '1E2', '123456789012345678901234567890e-30', '1.7976931348623157e308',
  '1.7976931348623159e308', '2e308', '100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
];

const MARK = '\u0001wasl-fuzz-raw:';

/** Random text from pools a parser or a validator may mishandle. */
export function randomUnicode(random: Random, length: number): string {
  const pools: (() => string)[] = [
    () => String.fromCharCode(random.int(0x20, 0x7e)),
    () => String.fromCharCode(random.int(0x0600, 0x06ff)), // Arabic
    () => String.fromCharCode(random.int(0xd800, 0xdfff)), // a lone surrogate (escaped by JSON.stringify)
    () => String.fromCodePoint(random.int(0x1f300, 0x1faff)), // emoji (a pair)
    () => String.fromCharCode(random.int(0, 0x1f)), // control characters (escaped)
    () => random.pick(['\u2028', '\u2029', '\u202e', '\u200b', '\ufeff', '\ufffe', '\uffff', '\u0301', '\u00a0', '"', '\\', '/', '{', '}', '[', ']', ':', ',']),
    () => String.fromCodePoint(random.int(0x10000, 0x10ffff)),
  ];
  let out = '';
  for (let i = 0; i < length; i += 1) out += random.pick(pools)();
  return out;
}

function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        out.push({ parent: node, key });
        walk(node[key]!);
      }
    }
  };
  walk(root);
  return out;
}

const get = (s: Slot): Json => (s.parent as any)[s.key] as Json;
const set = (s: Slot, value: Json): void => {
  (s.parent as any)[s.key] = value;
};

function otherType(random: Random, value: Json): Json {
  const options: (() => Json)[] = [
    () => (typeof value === 'string' ? random.int(-1000, 1000) : String(JSON.stringify(value) ?? '').slice(0, 40)),
    () => random.pick([0, 1, -1, 3.5, 1e21, -0]),
    () => ({}),
    () => ({ value: value }),
    () => [],
    () => [value],
    () => null,
    () => random.chance(0.5),
    () => '',
    () => `${MARK}${random.pick(ODD_NUMBERS)}`,
  ];
  return random.pick(options)();
}

/** One random mutation of the tree, in place; returns what it did. */
export function mutateTree(random: Random, root: Json): string {
  const all = slots(root);
  if (all.length === 0) return 'empty';
  const slot = random.pick(all);
  const where = String(slot.key);
  const op = random.weighted<string>([
    [3, 'delete'], [2, 'duplicate'], [2, 'swap'], [4, 'type'], [2, 'unicode'], [1, 'long-string'], [2, 'odd-number'], [1, 'long-array'], [1, 'rename'],
  ]);
  switch (op) {
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    case 'duplicate': {
      const value = structuredClone(get(slot));
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 0, value);
      else set(random.pick(all), value);
      break;
    }
    case 'swap': {
      const other = random.pick(all);
      const a = get(slot);
      set(slot, structuredClone(get(other)));
      set(other, structuredClone(a));
      break;
    }
    case 'type':
      set(slot, otherType(random, get(slot)));
      break;
    case 'unicode':
      set(slot, randomUnicode(random, random.int(0, 64)));
      break;
    case 'long-string':
      set(slot, random.chance(0.5) ? 'x'.repeat(random.int(1_000, 200_000)) : randomUnicode(random, random.int(500, 20_000)));
      break;
    case 'odd-number':
      set(slot, `${MARK}${random.pick(ODD_NUMBERS)}`);
      break;
    case 'long-array': {
      // Around WASL_MAX_ARRAY_LENGTH (5,000) and beyond, of small values so the body stays small.
      const length = random.pick([2, 10, 250, 1000, 4999, 5000, 5001, 6000]);
      const small = random.pick<Json>([1, 'x', null, {}, [], true]);
      set(slot, Array.from({ length }, () => structuredClone(small)));
      break;
    }
    case 'rename':
      if (!Array.isArray(slot.parent)) {
        const value = get(slot);
        delete slot.parent[slot.key as string];
        slot.parent[random.pick([`${where}x`, where.toUpperCase(), `_${where}`, ` ${where}`, randomUnicode(random, 4), ''])] = value;
      }
      break;
    default:
      break;
  }
  return `${op}@${where.slice(0, 40)}`;
}

/** JSON text of a mutated tree, with the number markers replaced by the raw spellings. */
export function render(random: Random, root: unknown): string {
  const text = random.chance(0.2) ? JSON.stringify(root, null, 2) : JSON.stringify(root);
  if (!text.includes('\\u0001wasl-fuzz-raw:')) return text;
  return text.replace(/"\\u0001wasl-fuzz-raw:([^"]*)"/g, (_m, raw: string) => raw);
}
