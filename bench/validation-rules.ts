/**
 * Where full validation spends its time: every layer and every rule, run on its own over the
 * official samples, in milliseconds per bundle (issue 3). The companion of bench/validation.ts,
 * which gives the one figure; this one says which rule to look at when that figure moves.
 *
 *   node --import tsx bench/validation-rules.ts [--top 25] [--reps 200] [--warmup 3] [--all] [--json]
 *
 * By default it measures the samples bench/validation.ts measures (claim and prior-auth
 * requests); `--all` takes every official sample (a batch's nested claims count with the batch).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { readEnvelope } from '../src/fhir/message.js';
import type { MessageLayer } from '../src/validation/layer.js';
import type { MessageUnderTest } from '../src/validation/message.js';
import { compileValidator, type BaseSchemaValidator } from '../src/validation/pipeline.js';
import type { Rule } from '../src/validation/rule.js';
import { CLAIM_STRUCTURE_RULES } from '../src/validation/rules/bv/claims/index.js';
import { CLINICAL_RULES } from '../src/validation/rules/bv/clinical/index.js';
import { MONEY_AND_DATE_RULES } from '../src/validation/rules/bv/money-dates/index.js';
import { RESPONSE_RULES } from '../src/validation/rules/bv/responses/index.js';
import { FOUNDATION_RULES } from '../src/validation/rules/index.js';
import { withBindings } from '../src/validation/terminology/layer.js';
import { assembleValidator, buildValidationParts } from '../src/validation/build.js';
import { sampleTexts } from './claim-samples.js';

const { values } = parseArgs({
  options: {
    top: { type: 'string', default: '25' },
    reps: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '3' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const reps = Number(values.reps);

const texts = sampleTexts({ all: values.all });

// The parts buildValidation assembles (src/validation/build.ts), held apart so each can be timed.
const { schemasDir, profilesDir } = loadConfig({});
const parts = buildValidationParts({ schemasDir, profilesDir });
const { events, schema, profiles, codes } = parts;
const validator = assembleValidator(schemasDir, parts);

const AREAS: readonly [string, readonly Rule[]][] = [
  ['foundation', FOUNDATION_RULES],
  ['bv/claims', CLAIM_STRUCTURE_RULES],
  ['bv/money-dates', MONEY_AND_DATE_RULES],
  ['bv/clinical', CLINICAL_RULES],
  ['bv/responses', RESPONSE_RULES],
];
const areaOf = new Map<string, string>(AREAS.flatMap(([area, rules]) => rules.map((r): [string, string] => [r.id, area])));

const bundles = texts.map((text) => {
  const read = readEnvelope(JSON.parse(text));
  if (!read.ok) throw new Error('sample is not a message');
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return { text, envelope: read.envelope, event };
});

/** Runs `work` over every bundle for `seconds`: until then the JIT has not settled and the figures mean little. */
function warmUp(work: (b: (typeof bundles)[number]) => void, seconds: number): void {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) for (const b of bundles) work(b);
}

/** Milliseconds per bundle that `work` takes over every bundle, `reps` times. */
function timePerBundle(work: (b: (typeof bundles)[number]) => void): number {
  const started = performance.now();
  for (let i = 0; i < reps; i += 1) for (const b of bundles) work(b);
  return (performance.now() - started) / reps / bundles.length;
}

/**
 * The same pipeline with a stopwatch around every layer and rule, so each is timed where it
 * runs (same garbage, same caches) rather than alone. What a message computes once for all its
 * rules (the shared walk, the entry index) is forced before its first rule and charged to the
 * `message` row; a filter of the shared walk is charged to the first rule that asks for it.
 */
const spent = new Map<string, number>();
const charge = (name: string, started: number): void => void spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
const prepared = new WeakSet<MessageUnderTest>();
const timed = (rule: Rule): Rule => ({
  id: rule.id,
  check(message, ruleContext) {
    if (!prepared.has(message)) {
      prepared.add(message);
      const started = performance.now();
      void message.elements;
      void message.entryIndex;
      charge('message', started);
    }
    const started = performance.now();
    const findings = rule.check(message, ruleContext);
    charge(rule.id, started);
    return findings;
  },
});
const timedSchema: BaseSchemaValidator = {
  validate(resource, basePath) {
    const started = performance.now();
    const findings = schema.validate(resource, basePath);
    charge('base schema', started);
    return findings;
  },
};
const timedLayer = (name: string, layer: MessageLayer): MessageLayer => ({
  validate(envelope, event, basePath) {
    const started = performance.now();
    const findings = layer.validate(envelope, event, basePath);
    charge(name, started);
    return findings;
  },
});
const timedLayers = [withBindings(timedLayer('profiles', profiles), timedLayer('terminology', codes))];
const instrumented = compileValidator({ schemasDir, context: parts.context, schema: timedSchema, layers: timedLayers, rules: parts.rules.map(timed) });

const parse = (b: (typeof bundles)[number]): void => void JSON.parse(b.text);
const validate = (b: (typeof bundles)[number]): void => {
  const read = readEnvelope(JSON.parse(b.text));
  if (read.ok) validator.validate(read.envelope, events.get(read.envelope.event)!);
};
const validateTimed = (b: (typeof bundles)[number]): void => void instrumented.validate(b.envelope, b.event);
const warmUpSeconds = Number(values.warmup);
warmUp(parse, warmUpSeconds / 3);
warmUp(validate, warmUpSeconds / 3);
warmUp(validateTimed, warmUpSeconds / 3);
const parseMs = timePerBundle(parse);
const fullMs = timePerBundle(validate);
spent.clear(); // the warm-up's share
const instrumentedMs = timePerBundle(validateTimed);
const runs = reps * bundles.length;

interface Row {
  readonly name: string;
  readonly area: string;
  readonly msPerBundle: number;
}
const LAYER_ROWS = new Map([['base schema', 'schema'], ['profiles', 'profiles'], ['terminology', 'terminology'], ['message', 'message']]);
const areaOfRow = (name: string): string => LAYER_ROWS.get(name) ?? areaOf.get(name) ?? 'other';
const rows: Row[] = [...spent].map(([name, ms]) => ({ name, area: areaOfRow(name), msPerBundle: ms / runs }));
const ruleIds = new Set(bundles.flatMap((b) => validator.rulesFor(b.event.code)));

rows.sort((a, b) => b.msPerBundle - a.msPerBundle);
const byArea = new Map<string, number>();
for (const row of rows) byArea.set(row.area, (byArea.get(row.area) ?? 0) + row.msPerBundle);
const report = {
  samples: texts.length,
  reps,
  parseMsPerBundle: parseMs,
  fullValidationMsPerBundle: fullMs,
  costOverParse: fullMs / parseMs,
  instrumentedMsPerBundle: instrumentedMs,
  rulesTimed: ruleIds.size,
  areas: Object.fromEntries([...byArea].sort((a, b) => b[1] - a[1])),
  top: rows.slice(0, Number(values.top)),
};

if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  const ms = (n: number): string => n.toFixed(4).padStart(9);
  process.stdout.write(
    [
      `per-rule validation cost: ${report.samples} samples, ${reps} reps, Node ${process.version}`,
      `  JSON.parse              ${ms(parseMs)} ms/bundle`,
      `  parse + full validation ${ms(fullMs)} ms/bundle (${report.costOverParse.toFixed(2)}x the parse)`,
      `  with the stopwatches    ${ms(instrumentedMs)} ms/bundle (validation only)`,
      `  ${report.rulesTimed} rules timed; by area (ms/bundle):`,
      ...[...Object.entries(report.areas)].map(([area, total]) => `    ${area.padEnd(16)} ${ms(total)}`),
      `  top ${report.top.length} (ms/bundle):`,
      ...report.top.map((row) => `    ${row.name.padEnd(40)} ${row.area.padEnd(16)} ${ms(row.msPerBundle)}`),
      '',
    ].join('\n'),
  );
}
