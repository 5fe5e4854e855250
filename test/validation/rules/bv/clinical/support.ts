/** Helpers for the clinical rule tests: copies of official samples, and a rule run on its own. */
import { EventCatalogue } from '../../../../../src/fhir/events.js';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { CodeCatalogue } from '../../../../../src/findings/catalogue.js';
import { loadConfig } from '../../../../../src/config.js';
import { buildRuleContext, type RuleContext } from '../../../../../src/validation/context.js';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import { CLINICAL_RULES } from '../../../../../src/validation/rules/bv/clinical/index.js';
import { sample } from '../../../../support/samples.js';

export const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';
export const CS = 'http://nphies.sa/terminology/CodeSystem/';

export function copyOf(file: string): Record<string, any> {
  return structuredClone(sample(file).json);
}

export function claimOf(bundle: Record<string, any>): Record<string, any> {
  return bundle.entry[1].resource;
}

/** Index of the first entry of a resource type. */
export function indexOf(bundle: Record<string, any>, resourceType: string): number {
  return bundle.entry.findIndex((e: any) => e.resource.resourceType === resourceType);
}

/** Index of the claim's supporting information of a category. */
export function infoIndex(bundle: Record<string, any>, category: string): number {
  return claimOf(bundle).supportingInfo.findIndex((s: any) => s.category.coding[0].code === category);
}

export function concept(system: string, code: string): Record<string, any> {
  return { coding: [{ system, code }] };
}

export function supportingInfo(sequence: number, category: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return { sequence, category: concept(`${CS}claim-information-category`, category), ...extra };
}

/** Only the findings with the given codes (for rules not enforced, which the pipeline does not run). */
export function only(findings: { code: string; expression: string | undefined }[], ...codes: string[]) {
  return findings.filter((f) => codes.includes(f.code));
}

let context: RuleContext | undefined;
let events: EventCatalogue | undefined;

/** Runs one clinical rule directly (whether or not enforced/ lists it), with the nested claims of a batch. */
export function checkRule(id: string, bundle: unknown): { code: string; expression: string | undefined }[] {
  if (!context || !events) {
    const { schemasDir } = loadConfig({});
    events = EventCatalogue.load(schemasDir);
    context = buildRuleContext(CodeCatalogue.load(schemasDir), events);
  }
  const rule = CLINICAL_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no clinical rule ${id}`);
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(read.problem.code);
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return rule.check(messageUnderTest(read.envelope, event), context).map((f) => ({ code: f.code, expression: f.expression }));
}

/**
 * Adds an Encounter to a claim sample and links it with `extension-encounter` (the institutional
 * and professional claim samples of 2021 predate the Encounter rules of 2023). Returns its entry index.
 */
export function linkEncounter(bundle: Record<string, any>, encounterClass: string, extra: Record<string, unknown> = {}): number {
  const claim = claimOf(bundle);
  const fullUrl = 'http://provider.com/Encounter/enc-1';
  bundle.entry.push({
    fullUrl,
    resource: {
      resourceType: 'Encounter',
      id: 'enc-1',
      meta: { profile: [`${SD}encounter|1.0.0`] },
      identifier: [{ system: 'http://provider.com/encounter', value: 'Encounter1' }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: encounterClass },
      subject: structuredClone(claim.patient),
      period: { start: '2021-08-01T10:00:00+03:00' },
      serviceProvider: structuredClone(claim.provider),
      ...extra,
    },
  });
  claim.extension = [...(claim.extension ?? []), { url: `${SD}extension-encounter`, valueReference: { reference: fullUrl } }];
  return bundle.entry.length - 1;
}

export function extension(name: string, value: Record<string, unknown>): Record<string, unknown> {
  return { url: `${SD}extension-${name}`, ...value };
}
