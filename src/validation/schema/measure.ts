/**
 * How fast is the base-schema layer? Validates every official sample in a loop for ~3 s and
 * prints bundles per second beside bare JSON.parse of the same texts, the floor any request pays.
 *
 *   npx tsx src/validation/schema/measure.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createSchemaValidator } from './index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const samplesDir = join(root, 'test', '__fixtures__', 'nphies-samples');
const texts = readdirSync(samplesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => readFileSync(join(samplesDir, name), 'utf8'));
const bundles: unknown[] = texts.map((text) => JSON.parse(text));

const started = performance.now();
const validator = createSchemaValidator({ schemasDir: join(root, 'schemas') });
const constructMs = performance.now() - started;

/** Runs `round` (one pass over all samples) until `seconds` have passed; returns bundles per second. */
function rate(seconds: number, round: () => void): number {
  for (let i = 0; i < 20; i++) round(); // warm-up, so the JIT has settled before timing
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    round();
    count += texts.length;
    elapsed = performance.now() - start;
  }
  return count / (elapsed / 1000);
}

let sink = 0; // keeps the work observable so it is not optimised away
const validateRate = rate(3, () => {
  for (const bundle of bundles) sink += validator.validate(bundle).length;
});
const parseRate = rate(3, () => {
  for (const text of texts) sink += (JSON.parse(text) as { entry?: unknown[] }).entry?.length ?? 0;
});
const bothRate = rate(3, () => {
  for (const text of texts) sink += validator.validate(JSON.parse(text)).length;
});

const kb = texts.reduce((n, t) => n + t.length, 0) / texts.length / 1024;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(8);
if (sink < 0) process.stdout.write('unreachable\n');
process.stdout.write(
  [
    `samples: ${texts.length} bundles, ${kb.toFixed(1)} KiB average; validator built in ${Math.round(constructMs)} ms`,
    `schema validate (parsed bundles): ${fmt(validateRate)} bundles/s`,
    `JSON.parse (same texts):          ${fmt(parseRate)} bundles/s`,
    `JSON.parse + validate:            ${fmt(bothRate)} bundles/s`,
    '',
  ].join('\n'),
);
