/**
 * Shared reading helpers for the claim-structure rules: which entries to look at and how to
 * walk a Claim's nested arrays. Reading only; no rule logic lives here.
 */
import { asArray, asObject, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import { NO_FINDINGS as NONE_FOUND, type Finding } from '../../../../findings/finding.js';
import type { MessageUnderTest } from '../../../message.js';

/** What a rule returns when it finds nothing: one shared list, frozen so no caller can fill it. */
// The one frozen list of src/findings/finding.ts, typed as this area's helpers return their lists.
export const NO_FINDINGS = NONE_FOUND as Finding[];

export interface ResourceEntry {
  readonly index: number;
  readonly resource: JsonObject;
}

/** The focal resources of one type (a Claim in a claim or prior-auth message). */
export function focalOfType(message: MessageUnderTest, resourceType: string): readonly ResourceEntry[] {
  return message.focalOfType(resourceType) as readonly (BundleEntry & ResourceEntry)[];
}

/** Every entry of one type in the message (Organizations, Locations...). */
export function entriesOfType(message: MessageUnderTest, resourceType: string): readonly ResourceEntry[] {
  // An entry listed under a type has a resource of that type.
  return message.entriesOfType(resourceType) as readonly (BundleEntry & ResourceEntry)[];
}

/** The objects of an array element, each with its index (non-objects are the schema layer's concern). */
export function objectsOf(value: unknown): { index: number; object: JsonObject }[] {
  const out: { index: number; object: JsonObject }[] = [];
  asArray(value).forEach((raw, index) => {
    const object = asObject(raw);
    if (object) out.push({ index, object });
  });
  return out;
}

/** Is this extension's url one ending with `urlEnd` (`/<name>`: NPHIES extension URLs end with the extension's name)? */
export function isNamed(extension: JsonObject, urlEnd: string): boolean {
  return typeof extension.url === 'string' && extension.url.endsWith(urlEnd);
}

/** A string that carries something besides whitespace. */
export function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
