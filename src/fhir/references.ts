/**
 * Finds every literal reference in a message and resolves it inside the bundle
 * (SPEC section 3: "every reference resolves inside the bundle"). Identifier-only
 * references (MessageHeader.sender, Task.focus by business identifier) are not literal
 * references and are left to the rules that understand them.
 */
import { asObject, type JsonObject } from './json.js';
import type { BundleEntry } from './message.js';

export interface FoundReference {
  /** FHIRPath of the Reference element, e.g. `Bundle.entry[1].resource.patient`. */
  readonly expression: string;
  /** Element path without indices, e.g. `Claim.patient`, as the official rule table names it. */
  readonly element: string;
  readonly reference: string;
  /** When the reference is an extension's value: the extension's URL. */
  readonly extensionUrl?: string;
}

export function findReferences(resource: JsonObject, resourcePath: string): FoundReference[] {
  const found: FoundReference[] = [];
  const type = typeof resource.resourceType === 'string' ? resource.resourceType : 'Resource';
  walk(resource, resourcePath, type, found, 0);
  return found;
}

// Resources nest deeply only in nested bundles, which are validated on their own.
const MAX_DEPTH = 40;

function walk(node: unknown, path: string, element: string, out: FoundReference[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${i}]`, element, out, depth + 1));
    return;
  }
  const object = asObject(node);
  if (!object) return;
  if (depth > 0 && typeof object.resourceType === 'string') return; // contained or nested resource
  if (typeof object.reference === 'string') out.push({ expression: path, element, reference: object.reference });
  const extensionUrl = typeof object.url === 'string' ? object.url : undefined;
  for (const [key, value] of Object.entries(object)) {
    if (key === 'reference' || typeof value !== 'object' || value === null) continue;
    const before = out.length;
    walk(value, `${path}.${key}`, `${element}.${key}`, out, depth + 1);
    // An extension's valueReference: remember which extension, the rule table names references by it.
    if (extensionUrl && key === 'valueReference' && out.length === before + 1) {
      const found = out[before] as FoundReference;
      out[before] = { ...found, extensionUrl };
    }
  }
}

/** Index of a bundle's entries by fullUrl and by `Type/id`, built once per message. */
export class EntryIndex {
  readonly #byUrl = new Map<string, BundleEntry>();
  readonly #byTypeAndId = new Map<string, BundleEntry>();

  constructor(entries: readonly BundleEntry[]) {
    for (const entry of entries) {
      if (entry.fullUrl !== undefined && !this.#byUrl.has(entry.fullUrl)) this.#byUrl.set(entry.fullUrl, entry);
      const type = entry.resource?.resourceType;
      const id = entry.resource?.id;
      if (typeof type === 'string' && typeof id === 'string') this.#byTypeAndId.set(`${type}/${id}`, entry);
    }
  }

  /** Resolves a literal reference: an exact fullUrl, or a relative `Type/id` (FHIR R4 Bundle resolution rules). */
  resolve(reference: string): BundleEntry | undefined {
    const exact = this.#byUrl.get(reference);
    if (exact) return exact;
    if (/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(reference)) return this.#byTypeAndId.get(reference);
    return undefined;
  }
}

/** Candidate official element names for a reference element: `Claim.supportingInfo.valueReference` → also `Claim.supportingInfo.value`. */
export function elementCandidates(element: string): string[] {
  const choice = element.replace(/([a-z])Reference$/, '$1');
  return choice === element ? [element] : [element, choice];
}
