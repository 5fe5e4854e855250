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
export function focalOfType(message: MessageUnderTest, resourceType: string): ResourceEntry[] {
  return message.focal.filter(isOfType(resourceType));
}

/** Every entry of one type in the message (Organizations, Locations...). */
export function entriesOfType(message: MessageUnderTest, resourceType: string): ResourceEntry[] {
  return message.envelope.entries.filter(isOfType(resourceType));
}

function isOfType(resourceType: string) {
  return (entry: BundleEntry): entry is BundleEntry & ResourceEntry => entry.resource?.resourceType === resourceType;
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
