/** Helpers for the claim-structure rule tests: a fresh copy of an official sample and its focal Claim. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../../../src/config.js';
import { EventCatalogue } from '../../../../../src/fhir/events.js';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { CodeCatalogue } from '../../../../../src/findings/catalogue.js';
import { buildRuleContext } from '../../../../../src/validation/context.js';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import type { Rule } from '../../../../../src/validation/rule.js';
import { sample } from '../../../../support/samples.js';

export function copyOf(file: string): Record<string, any> {
  return structuredClone(sample(file).json);
}

/** Index of the first entry of a resource type. */
export function entryOf(bundle: Record<string, any>, resourceType: string): number {
  const index = bundle.entry.findIndex((e: any) => e.resource.resourceType === resourceType);
  if (index < 0) throw new Error(`no ${resourceType} in the bundle`);
  return index;
}

let loaded: { events: EventCatalogue; catalogue: CodeCatalogue } | undefined;

/** Runs one rule on its own (for rules implemented but not enforced), as `{ code, expression }` pairs. */
export function checkRule(rule: Rule, bundle: unknown): { code: string; expression: string | undefined }[] {
  if (!loaded) {
    const { schemasDir } = loadConfig({});
    loaded = { events: EventCatalogue.load(schemasDir), catalogue: CodeCatalogue.load(schemasDir) };
  }
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(read.problem.code);
  const event = loaded.events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return rule
    .check(messageUnderTest(read.envelope, event), buildRuleContext(loaded.catalogue, loaded.events))
    .map((f) => ({ code: f.code, expression: f.expression }));
}

const AREA_RULES: ReadonlySet<string> = new Set([
  ...Object.keys((JSON.parse(readFileSync(join(loadConfig({}).schemasDir, 'rules', 'enforced', 'claims.json'), 'utf8')) as { rules: object }).rules),
  'BV-00279',
]);

/**
 * The findings of this area's rules only. Mutations can also (rightly) break profile, terminology
 * or money rules owned elsewhere; those layers evolve on their own, so these tests assert exactly
 * what the claim-structure rules report and nothing about the rest.
 */
export function mine<T extends { code: string }>(findings: readonly T[]): T[] {
  return findings.filter((f) => AREA_RULES.has(f.code));
}
