/**
 * How fast is the terminology? Prints the time `loadTerminology` takes (cold, then warm) and the cost of one
 * lookup over every coding of the official samples (code system and value set), for the README and reviews.
 *
 *   npx tsx src/validation/terminology/measure.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadTerminology } from './load.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const schemasDir = join(root, 'schemas');
const samplesDir = join(root, 'test', '__fixtures__', 'nphies-samples');

function timed<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

const [terminology, coldMs] = timed(() => loadTerminology({ schemasDir }));
let warmMs = Infinity;
for (let i = 0; i < 5; i++) warmMs = Math.min(warmMs, timed(() => loadTerminology({ schemasDir }))[1]);

const codings: { system: string; code: string }[] = [];
const walk = (node: unknown): void => {
  if (Array.isArray(node)) return node.forEach(walk);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o['system'] === 'string' && typeof o['code'] === 'string') codings.push({ system: o['system'], code: o['code'] });
    for (const value of Object.values(o)) walk(value);
  }
};
for (const name of readdirSync(samplesDir).filter((n) => n.endsWith('.json'))) walk(JSON.parse(readFileSync(join(samplesDir, name), 'utf8')));

let sink = 0; // keeps the work observable so it is not optimised away
const rounds = 20_000;
const [, lookupMs] = timed(() => {
  for (let r = 0; r < rounds; r++) {
    for (const { system, code } of codings) {
      sink += terminology.checkCodeSystem(system, code).length;
      sink += terminology.checkValueSet('http://nphies.sa/terminology/ValueSet/institutional-billing', system, code).length;
    }
  }
});
const lookups = rounds * codings.length * 2;
const summary = terminology.summary();
process.stdout.write(
  `loadTerminology: ${coldMs.toFixed(1)} ms cold, ${warmMs.toFixed(1)} ms warm ` +
    `(${summary.codeSystems} code systems, ${summary.valueSets} value sets, ${summary.codes} codes)\n` +
    `lookups: ${((lookupMs * 1e6) / lookups).toFixed(0)} ns each over ${codings.length} sample codings (${sink > 0 ? 'ok' : ''})\n`,
);
