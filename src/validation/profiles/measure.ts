/**
 * Rough cost of the profile layer: compile time, then the layer alone per bundle on the official
 * claim samples, beside `JSON.parse` of the same text. One core, no server:
 *
 *   npx tsx src/validation/profiles/measure.ts [rounds]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventCatalogue } from '../../fhir/events.js';
import { readEnvelope } from '../../fhir/message.js';
import { CodeCatalogue } from '../../findings/catalogue.js';
import { createProfileLayer } from './index.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const samplesDir = join(repo, 'test', '__fixtures__', 'nphies-samples');
const rounds = Number(process.argv[2] ?? 2000);

const catalogue = CodeCatalogue.load(join(repo, 'schemas'));
const events = EventCatalogue.load(join(repo, 'schemas'));
const started = performance.now();
const layer = createProfileLayer({ profilesDir: join(repo, 'profiles'), catalogue });
const compileMs = performance.now() - started;

const claims = readFileSync(join(samplesDir, 'MANIFEST.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter(([, event]) => event === 'claim-request')
  .map(([file]) => readFileSync(join(samplesDir, file ?? ''), 'utf8'));

const parsed = claims.map((text) => {
  const read = readEnvelope(JSON.parse(text));
  if (!read.ok) throw new Error('not a message');
  const event = events.get(read.envelope.event ?? '');
  if (!event) throw new Error('unknown event');
  return { envelope: read.envelope, event };
});

const time = (work: () => void): number => {
  for (let i = 0; i < Math.min(200, rounds); i++) work(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) work();
  return (performance.now() - t0) / (rounds * claims.length);
};

let sink = 0;
const parseMs = time(() => {
  for (const text of claims) sink += (JSON.parse(text) as { entry: unknown[] }).entry.length;
});
const layerMs = time(() => {
  for (const { envelope, event } of parsed) sink += layer.validate(envelope, event, 'Bundle').length;
});

const s = layer.summary();
console.log(`compile: ${compileMs.toFixed(1)} ms (${s.profiles} profiles, ${s.checks} checks: ${s.specific} with an element's own code, ${s.fallback} generic; ${s.suspended} unenforced)`);
console.log(`claim samples: ${claims.length}, mean ${(claims.reduce((n, t) => n + t.length, 0) / claims.length / 1024).toFixed(1)} KiB`);
console.log(`JSON.parse: ${(parseMs * 1000).toFixed(1)} µs/bundle; profile layer: ${(layerMs * 1000).toFixed(1)} µs/bundle (${(layerMs / parseMs).toFixed(2)}x parse) [${sink > 0 ? 'ok' : ''}]`);
