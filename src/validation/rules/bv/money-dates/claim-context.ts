/** The resources a Claim's date rules compare against: its Encounter, its Patient, its items' service dates. */
import { asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { EntryIndex } from '../../../../fhir/references.js';
import { parseDate, type FhirDate } from './dates.js';
import { extensionOf, objects, resolve, type Problem } from './support.js';

/** The Encounter a Claim names (`extension-encounter`, as NPHIES profiles it), resolved in the bundle. */
export function encounterOf(claim: JsonObject, index: EntryIndex): BundleEntry | undefined {
  const found = extensionOf(claim, 'encounter');
  const entry = found ? resolve(index, found.extension.valueReference) : undefined;
  return entry?.resource?.resourceType === 'Encounter' ? entry : undefined;
}

/** The Patient a resource names in `element` (`patient`, `subject`). */
export function patientOf(resource: JsonObject, index: EntryIndex, element = 'patient'): BundleEntry | undefined {
  const entry = resolve(index, resource[element]);
  return entry?.resource?.resourceType === 'Patient' ? entry : undefined;
}

export interface Serviced {
  /** Sub-path of the item's servicedDate or servicedPeriod. */
  readonly at: string;
  readonly start: FhirDate | undefined;
  readonly end: FhirDate | undefined;
  readonly isPeriod: boolean;
}

/** The item's serviced[x]: a date is a period of one day. */
export function servicedOf(item: JsonObject, itemPath: string): Serviced | undefined {
  if (item.servicedDate !== undefined) {
    const date = parseDate(item.servicedDate);
    return { at: `${itemPath}.servicedDate`, start: date, end: date, isPeriod: false };
  }
  const period = asObject(item.servicedPeriod);
  if (period) return { at: `${itemPath}.servicedPeriod`, start: parseDate(period.start), end: parseDate(period.end), isPeriod: true };
  return undefined;
}

export function items(claim: JsonObject): { path: string; item: JsonObject }[] {
  return objects(claim.item).map(({ index, object }) => ({ path: `item[${index}]`, item: object }));
}

export function isNewborn(resource: JsonObject): boolean {
  return extensionOf(resource, 'newborn')?.extension.valueBoolean === true;
}

export function classCode(encounter: JsonObject): string | undefined {
  return asString(asObject(encounter.class)?.code);
}

/** Supporting information of one category, with its index. */
export function supportingInfos(claim: JsonObject, category: string): { at: string; info: JsonObject }[] {
  return objects(claim.supportingInfo)
    .filter(({ object }) => firstCode(object.category) === category)
    .map(({ index, object }) => ({ at: `supportingInfo[${index}]`, info: object }));
}

export function problems(...list: (Problem | undefined)[]): Problem[] {
  return list.filter((p): p is Problem => p !== undefined);
}
