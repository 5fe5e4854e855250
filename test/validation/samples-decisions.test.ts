/**
 * The official NPHIES samples against the whole pipeline (buildValidation, as the gateway builds it): every sample
 * passes, apart from the rejections recorded in schemas/rules/decisions/samples.json; every implemented BV rule
 * kept out of enforcement still fires on exactly the samples and places recorded for it (so a stale entry fails);
 * and every code decision of schemas/rules/decisions/terminology.json still matches its sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readEnvelope } from '../../src/fhir/message.js';
import { isBlocking, type Finding } from '../../src/findings/finding.js';
import { buildValidation } from '../../src/validation/build.js';
import { buildRuleContext } from '../../src/validation/context.js';
import { messageUnderTest } from '../../src/validation/message.js';
import { ALL_RULES } from '../../src/validation/rules/index.js';
import { manifest, REQUEST_EVENTS, sample } from '../support/samples.js';

interface Place {
  file: string;
  expression: string;
}
interface Rejection extends Place {
  rule: string;
  text: string;
  published: string;
  kind: 'request' | 'response';
  reason: string;
}
interface KeptOut {
  rule: string;
  text: string;
  published: string;
  decision: string;
  reason: string;
  samples: Place[];
}
interface CodeDecision {
  system: string;
  code: string;
  verdict: 'known' | 'unverifiable';
  reason: string;
  samples: Place[];
}

const { schemasDir, profilesDir } = loadConfig({});
const DECISIONS = join(schemasDir, 'rules', 'decisions');
const samples = JSON.parse(readFileSync(join(DECISIONS, 'samples.json'), 'utf8')) as { rejected: Rejection[]; notEnforced: KeptOut[] };
const codes = JSON.parse(readFileSync(join(DECISIONS, 'terminology.json'), 'utf8')) as { codes: CodeDecision[]; derived: CodeDecision[] };
const { validator, events, catalogue, terminology } = buildValidation({ schemasDir, profilesDir });
/** The context the rules get in the pipeline, with the real clock: date rules judge the samples as sent today. */
const ruleContext = buildRuleContext(catalogue, events, { terminology });
// A poll-response capture has no MessageHeader of its own: it is not a message to validate.
const messages = manifest().filter((row) => row.event !== 'poll-response');

function findingsOf(bundle: unknown): Finding[] {
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  return validator.validate(read.envelope, events.get(read.envelope.event)!);
}

type Sortable = { file?: string; expression?: string | undefined; code?: string };
const byPlace = (a: Sortable, b: Sortable): number => `${a.file} ${a.expression} ${a.code}`.localeCompare(`${b.file} ${b.expression} ${b.code}`);

describe('official samples through the whole pipeline', () => {
  it('covers every request event of the sample pack', () => {
    expect(messages.filter((m) => REQUEST_EVENTS.has(m.event)).length).toBeGreaterThan(20);
  });

  for (const row of messages) {
    const kind = REQUEST_EVENTS.has(row.event) ? 'request' : 'response';
    it(`${row.file} (${kind}) is rejected for exactly the recorded rules, if any`, () => {
      const blocking = findingsOf(sample(row.file).json)
        .filter(isBlocking)
        .map((f) => ({ code: f.code, expression: f.expression }));
      const recorded = samples.rejected.filter((r) => r.file === row.file).map((r) => ({ code: r.rule, expression: r.expression }));
      expect(blocking.sort(byPlace)).toEqual(recorded.sort(byPlace));
    });
  }

  it('records each rejection with the official rule text and the sample\'s kind', () => {
    const files = new Map(messages.map((m) => [m.file, REQUEST_EVENTS.has(m.event) ? 'request' : 'response']));
    for (const r of samples.rejected) {
      expect(r.text, r.rule).toBe(catalogue.official(r.rule)?.description);
      expect(files.get(r.file), r.file).toBe(r.kind);
      expect(r.reason.length).toBeGreaterThan(30);
    }
  });
});

describe('implemented BV rules kept out of enforcement because official samples break them', () => {
  const enforced = new Set(
    readdirSync(join(schemasDir, 'rules', 'enforced')).flatMap((f) => Object.keys((JSON.parse(readFileSync(join(schemasDir, 'rules', 'enforced', f), 'utf8')) as { rules: object }).rules)),
  );
  const implemented = new Map(ALL_RULES.map((r) => [r.id, r]));

  /** Where a rule fires across the samples, nested batch messages included, as the pipeline would run it. */
  const placesOf = (id: string): Place[] => {
    const rule = implemented.get(id)!;
    const places: Place[] = [];
    const run = (file: string, bundle: unknown, basePath: string): void => {
      const read = readEnvelope(bundle);
      const event = read.ok ? events.get(read.envelope.event) : undefined;
      if (!read.ok || !event) return;
      const message = messageUnderTest(read.envelope, event, basePath);
      for (const f of rule.check(message, ruleContext)) places.push({ file, expression: f.expression ?? '' });
      if (event.kind === 'deferred' && event.focal.includes('Bundle')) {
        for (const entry of message.focal) run(file, entry.resource, `${basePath}.entry[${entry.index}].resource`);
      }
    };
    for (const row of messages) run(row.file, sample(row.file).json, 'Bundle');
    return places;
  };

  it('lists exactly the implemented rules that are not enforced', () => {
    const out = ALL_RULES.map((r) => r.id).filter((id) => !enforced.has(id)).sort();
    expect(samples.notEnforced.map((d) => d.rule).sort()).toEqual(out);
  });

  for (const decision of samples.notEnforced) {
    it(`${decision.rule} still fires on exactly the recorded samples and places`, () => {
      expect(decision.text).toBe(catalogue.official(decision.rule)?.description);
      expect(decision.reason.length).toBeGreaterThan(30);
      expect(placesOf(decision.rule).sort(byPlace)).toEqual([...decision.samples].sort(byPlace));
    });
  }
});

describe('codes of the official samples the tables lack', () => {
  /** The JSON value at a FHIRPath of the form `Bundle.entry[1].resource.item[0].productOrService.coding[0]`. */
  const valueAt = (bundle: unknown, expression: string): unknown => {
    let node: unknown = bundle;
    for (const step of expression.split('.').slice(1)) {
      const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(step)!;
      node = (node as Record<string, unknown>)[name!];
      if (index !== undefined) node = (node as unknown[])[Number(index)];
    }
    return node;
  };

  for (const decision of [...codes.codes, ...codes.derived]) {
    it(`${decision.code} of ${decision.system} is ${decision.verdict} where the samples use it`, () => {
      for (const place of decision.samples) {
        const bundle = sample(place.file).json;
        expect(valueAt(bundle, place.expression)).toMatchObject({ system: decision.system, code: decision.code });
        const here = findingsOf(bundle).filter((f) => f.expression === place.expression || place.expression.startsWith(`${f.expression}.`));
        const expected = decision.verdict === 'known' ? [] : [{ code: 'WASL_WARN_UNVERIFIABLE_CODE', severity: 'warning' }];
        expect(here.map((f) => ({ code: f.code, severity: f.severity })), place.file).toEqual(expected);
      }
    });
  }
});
