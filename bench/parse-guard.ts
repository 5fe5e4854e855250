/**
 * Cost of the parse-time guard (src/http/json-guard.ts, issue 9) per message, on every official
 * sample and sandbox capture, beside bare JSON.parse of the same texts in the same run, rounds
 * interleaved. Three paths, each from the bytes Fastify hands over:
 *
 *   bare     Buffer → string, JSON.parse
 *   before   Buffer → string, the old depth scan, secure-json-parse (what the gateway did before)
 *   guarded  readFhirBody: BOM and UTF-8 checks, the structure scan, JSON.parse, the key walk
 *
 * Run over the texts as stored (pretty-printed) and again re-serialized compactly, since a
 * scan's share grows with whitespace.
 *
 *   node --import tsx bench/parse-guard.ts --seconds 2 --rounds 3
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import secureJson from 'secure-json-parse';
import { DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_JSON_VALUES } from '../src/config.js';
import { readFhirBody } from '../src/http/body.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const fixtures = join(import.meta.dirname, '..', 'test', '__fixtures__');
const pretty: Buffer[] = [];
for (const dir of ['nphies-samples', 'nphies-sandbox']) {
  for (const file of readdirSync(join(fixtures, dir)).filter((f) => f.endsWith('.json')).sort()) {
    pretty.push(readFileSync(join(fixtures, dir, file)));
  }
}
const compact = pretty.map((bytes) => Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8')))));
const limits = { maxDepth: 64, maxArrayLength: DEFAULT_MAX_ARRAY_LENGTH, maxValues: DEFAULT_MAX_JSON_VALUES };

let sink = 0;
const paths: Record<string, (bytes: Buffer) => void> = {
  bare: (bytes) => {
    sink += JSON.parse(bytes.toString('utf8')) === null ? 0 : 1;
  },
  before: (bytes) => {
    const text = bytes.toString('utf8');
    sink += oldDepthScan(text);
    sink += secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) === null ? 0 : 1;
  },
  guarded: (bytes) => {
    sink += readFhirBody(bytes, limits).parsed === null ? 0 : 1;
  },
};

/** The depth scan the gateway ran before this guard (src/http/body.ts, nestingDepth). */
function oldDepthScan(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return deepest;
}

/** Microseconds per message over `seconds` of passes over all bodies. */
function measure(bodies: readonly Buffer[], work: (bytes: Buffer) => void): number {
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  let now = started;
  while (now < until) {
    for (const bytes of bodies) work(bytes);
    count += bodies.length;
    now = performance.now();
  }
  return ((now - started) * 1000) / count;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [label, bodies] of [['as stored', pretty], ['compact', compact]] as const) {
  for (const work of Object.values(paths)) measure(bodies, work); // warm-up, every path
  const totals: Record<string, number[]> = { bare: [], before: [], guarded: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, work] of Object.entries(paths)) totals[name]!.push(measure(bodies, work));
  }
  const bare = median(totals.bare!);
  const meanBytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
  console.log(`${bodies.length} messages ${label}, mean ${(meanBytes / 1024).toFixed(1)} KiB; median of ${rounds} rounds x ${seconds} s, microseconds per message`);
  for (const name of Object.keys(paths)) {
    const us = median(totals[name]!);
    console.log(`  ${name.padEnd(8)} ${us.toFixed(1).padStart(7)} us  ${(us / bare).toFixed(2)}x bare  (+${(us - bare).toFixed(1)} us)`);
  }
}
if (sink === -1) console.log(sink);
