/**
 * Shared reading helpers for the claim-structure rules: which entries to look at and how to
 * walk a Claim's nested arrays. Reading only; no rule logic lives here.
 */
import { asArray, asObject, asString, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { MessageUnderTest } from '../../../message.js';

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

/** Extensions of an element whose url ends with `/<name>` (NPHIES extension URLs end with the extension's name). */
export function extensionsNamed(element: JsonObject, name: string): { index: number; object: JsonObject }[] {
  return objectsOf(element.extension).filter(({ object }) => asString(object.url)?.endsWith(`/${name}`) === true);
}

/** A string that carries something besides whitespace. */
export function hasText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
