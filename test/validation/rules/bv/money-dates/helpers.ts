/**
 * Helpers for the money and date rule tests: the real pipeline at a fixed clock, official samples
 * to break, and the NPHIES extensions the tests add.
 */
import { sample } from '../../../../support/samples.js';
import { findingsOf } from '../../../../support/validator.js';

export { findingsOf };

/** The gateway clock of the date tests: 2026-11-23T12:00:00Z (15:00 in Riyadh). */
export const NOW = Date.parse('2026-11-23T12:00:00Z');

/** Findings of the real pipeline with the gateway clock at `now`. */
export function findingsAt(bundle: unknown, now: number = NOW): { code: string; expression: string | undefined }[] {
  return findingsOf(bundle, now);
}

/** A deep copy of an official sample, to break. Sample 9's string quantity (DT-01343, not ours) is corrected. */
export function copy(file: string): any {
  const bundle = structuredClone(sample(file).json);
  if (file === '9-claim-pharmacy-request.json') bundle.entry[1].resource.supportingInfo[0].valueQuantity.value = 30;
  return bundle;
}

/** Findings the broken copy has and the original sample has not (for samples with others' findings). */
export function added(original: unknown, broken: unknown): { code: string; expression: string | undefined }[] {
  const before = new Set(findingsOf(original).map((f) => `${f.code} ${f.expression}`));
  return findingsOf(broken).filter((f) => !before.has(`${f.code} ${f.expression}`));
}

export const EXT = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-';
export const UCUM = 'http://unitsofmeasure.org';
export const CATEGORY = 'http://nphies.sa/terminology/CodeSystem/claim-information-category';

export function extIndex(element: any, name: string): number {
  return (element.extension ?? []).findIndex((e: any) => e.url === EXT + name);
}

export function ext(element: any, name: string): any {
  return element.extension[extIndex(element, name)];
}

export function money(value: number, currency = 'SAR'): { value: number; currency: string } {
  return { value, currency };
}

/** Adds a supportingInfo of `category` with the next sequence; returns its index. */
export function addSupportingInfo(claim: any, category: string, rest: Record<string, unknown>): number {
  const list = (claim.supportingInfo ??= []);
  const sequence = list.reduce((m: number, s: any) => Math.max(m, s.sequence), 0) + 1;
  list.push({ sequence, category: { coding: [{ system: CATEGORY, code: category }] }, ...rest });
  return list.length - 1;
}

/**
 * Gives the Claim of `bundle` (entry 1) an Encounter copied from the official outpatient sample,
 * for the claim's own patient and provider, with the given period and class; returns its entry index.
 */
export function withEncounter(bundle: any, period: { start?: string; end?: string }, classCode = 'AMB'): number {
  const claim = bundle.entry[1].resource;
  const encounter = structuredClone(sample('preauth-professional-outpatient-request.json').json.entry[6]);
  const base = claim.patient.reference.replace(/Patient\/.*$/, '');
  encounter.fullUrl = `${base}Encounter/1`;
  encounter.resource.subject = { reference: claim.patient.reference };
  encounter.resource.serviceProvider = { reference: claim.provider.reference };
  encounter.resource.period = period;
  encounter.resource.class.code = classCode;
  bundle.entry.push(encounter);
  (claim.extension ??= []).push({ url: `${EXT}encounter`, valueReference: { reference: encounter.fullUrl } });
  return bundle.entry.length - 1;
}
