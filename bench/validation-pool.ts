/**
 * What sending a message to the validation worker pool costs against validating it on the main thread,
 * per message size (issue 9): the figure that sets WASL_VALIDATION_WORKER_BYTES. Both sides start from
 * what the gateway holds after its parse guard (the text, and its parsed envelope): on the main thread
 * the cost is `validator.validate`; through the pool it is the round trip (copy of the text, parse in
 * the worker, validation, findings copied back), of which only `postMessage` holds the main thread.
 * Runs interleave the two, after a warm-up, and report medians.
 *
 *   node --import tsx bench/validation-pool.ts -- --runs 15
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { readEnvelope } from '../src/fhir/message.js';
import { buildValidation } from '../src/validation/build.js';
import { createValidationPool } from '../src/validation/worker-pool.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, json: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const SAMPLE = join(import.meta.dirname, '..', 'test', '__fixtures__', 'nphies-samples', '10-claim-professional-request.json');

/**
 * Sample 10 grown to about `bytes`: its one Claim.item copied (each copy ~0.9 KB, at most 4,000, under
 * the 5,000-element array limit), then each copy's coding.display padded. Error-free but for the total
 * (BV-00059), so every layer runs: the costliest shape found within the default parse limits.
 */
function claimOfSize(bytes: number): string {
  const text = readFileSync(SAMPLE, 'utf8');
  if (bytes <= text.length) return text;
  const bundle = JSON.parse(text);
  const claim = bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
  const item = claim.item[0];
  const itemBytes = JSON.stringify(item).length + 1;
  const count = Math.max(1, Math.min(4000, Math.round((bytes - text.length) / itemBytes) + 1));
  const pad = Math.max(0, Math.floor((bytes - text.length - (count - 1) * itemBytes) / count));
  claim.item = Array.from({ length: count }, (_, i) => {
    const copy = structuredClone(item);
    copy.sequence = i + 1;
    if (pad > 0) copy.productOrService.coding[0].display = 'x'.repeat(pad);
    return copy;
  });
  return JSON.stringify(bundle);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const { schemasDir, profilesDir } = loadConfig({});
const { validator, events } = buildValidation({ schemasDir, profilesDir });
const pool = createValidationPool({ size: 1, build: { schemasDir, profilesDir } });

const SIZES: readonly [string, number][] = [['10 KB', 10 * 1024], ['256 KB', 256 * 1024], ['1 MB', 1024 * 1024], ['8 MB', 8 * 1024 * 1024]];
const rows: { size: string; bytes: number; mainMs: number; poolMs: number; postMs: number; overheadMs: number }[] = [];
const compileStarted = performance.now();
await pool.validate(claimOfSize(0), 'claim-request'); // the worker's compile, paid once
const compileMs = performance.now() - compileStarted;

for (const [size, target] of SIZES) {
  const raw = claimOfSize(target);
  const read = readEnvelope(JSON.parse(raw));
  if (!read.ok) throw new Error('the bench message is not a message');
  const { envelope } = read;
  const event = events.get(envelope.event)!;
  const main: number[] = [];
  const round: number[] = [];
  const post: number[] = [];
  const repeat = target >= 1024 * 1024 ? runs : runs * 10;
  for (let i = 0; i < repeat + 2; i++) {
    let started = performance.now();
    validator.validate(envelope, event);
    const mainMs = performance.now() - started;
    started = performance.now();
    const job = pool.validate(raw, event.code);
    const postMs = performance.now() - started;
    await job;
    const roundMs = performance.now() - started;
    if (i < 2) continue; // warm-up
    main.push(mainMs);
    round.push(roundMs);
    post.push(postMs);
  }
  const mainMs = median(main);
  const poolMs = median(round);
  rows.push({ size, bytes: raw.length, mainMs, poolMs, postMs: median(post), overheadMs: poolMs - mainMs });
}
await pool.close();

const fixed = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(0));
if (values.json) process.stdout.write(`${JSON.stringify({ compileMs: Math.round(compileMs), rows })}\n`);
else {
  process.stdout.write(`validation pool bench: sample 10 grown to each size, median of ${runs}+ runs, one worker, Node ${process.version}\n`);
  process.stdout.write(`  first job (worker compile included): ${Math.round(compileMs)} ms\n`);
  process.stdout.write('  size     bytes       main-thread validate   pool round trip   of which main thread held (postMessage)   overhead\n');
  for (const r of rows) {
    process.stdout.write(`  ${r.size.padEnd(8)} ${String(r.bytes).padEnd(11)} ${fixed(r.mainMs).padStart(8)} ms            ${fixed(r.poolMs).padStart(8)} ms       ${fixed(r.postMs).padStart(8)} ms                                ${fixed(r.overheadMs).padStart(7)} ms\n`);
  }
}
