/**
 * Readers of the FHIR datatypes the clinical rules look at (CodeableConcept, extension lists),
 * read defensively from parsed JSON. Every clinical rule runs them on every claim, so none builds
 * an intermediate array or closure: a clean message costs no garbage here (issue 3).
 *
 * Positions (`coding[k]`) count only the entries that are objects, as the rules always have.
 */
import { NO_FINDINGS as NONE_FOUND, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, type JsonObject } from '../../../../fhir/json.js';

export const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';
export const CS = 'http://nphies.sa/terminology/CodeSystem/';
export const ICD10AM = 'http://hl7.org/fhir/sid/icd-10-am';
export const MEDICATION_CODES = `${CS}medication-codes`;

/**
 * What a rule returns when it finds nothing: one shared array, frozen so that a caller that
 * tried to add to it would fail loudly instead of leaking findings into other messages.
 */
// The one frozen list of src/findings/finding.ts, typed as this area's helpers return their lists.
export const NO_FINDINGS = NONE_FOUND as Finding[];

const NOTHING: readonly unknown[] = Object.freeze([]);

/** The `coding` entries of a CodeableConcept, as sent (objects or not). */
function codingsOf(concept: unknown): readonly unknown[] {
  return typeof concept === 'object' && concept !== null ? asArray((concept as JsonObject).coding) : NOTHING;
}

/** Does the concept carry at least one coding? */
export function hasCoding(concept: unknown): boolean {
  const codings = codingsOf(concept);
  for (let k = 0; k < codings.length; k += 1) if (asObject(codings[k]) !== undefined) return true;
  return false;
}

/** Does the concept carry a coding with a (string) code, of `system` when one is given? */
export function hasCodeOf(concept: unknown, system?: string): boolean {
  const codings = codingsOf(concept);
  for (let k = 0; k < codings.length; k += 1) {
    const coding = asObject(codings[k]);
    if (coding && typeof coding.code === 'string' && (system === undefined || coding.system === system)) return true;
  }
  return false;
}

/** Does the concept carry the code `code`, in any system? */
export function hasCode(concept: unknown, code: string): boolean {
  const codings = codingsOf(concept);
  for (let k = 0; k < codings.length; k += 1) if (asObject(codings[k])?.code === code) return true;
  return false;
}

/** Does one of the concept's codes belong to `codes` (any system)? */
export function hasCodeIn(concept: unknown, codes: ReadonlySet<string>): boolean {
  const codings = codingsOf(concept);
  for (let k = 0; k < codings.length; k += 1) {
    const code = asObject(codings[k])?.code;
    if (typeof code === 'string' && codes.has(code)) return true;
  }
  return false;
}

/** Does the concept carry a coding of `system` whose code belongs to `codes`? */
export function hasSystemCodeIn(concept: unknown, system: string, codes: ReadonlySet<string>): boolean {
  const codings = codingsOf(concept);
  for (let k = 0; k < codings.length; k += 1) {
    const coding = asObject(codings[k]);
    if (coding && coding.system === system && codes.has(typeof coding.code === 'string' ? coding.code : '')) return true;
  }
  return false;
}

/** Position (among the codings that are objects) of the first coding whose code is in `codes`, or -1. */
export function codingIndexIn(concept: unknown, codes: ReadonlySet<string>): number {
  const codings = codingsOf(concept);
  let position = 0;
  for (let k = 0; k < codings.length; k += 1) {
    const coding = asObject(codings[k]);
    if (!coding) continue;
    if (typeof coding.code === 'string' && codes.has(coding.code)) return position;
    position += 1;
  }
  return -1;
}

/** The url of the NPHIES extension `extension-<name>` (built once, when a rule is made). */
export function extensionUrl(name: string): string {
  return `${SD}extension-${name}`;
}

/** The extension of `resource` with this url, if any. */
export function extensionOf(resource: JsonObject | undefined, url: string): JsonObject | undefined {
  if (resource === undefined) return undefined;
  const extensions = asArray(resource.extension);
  for (let k = 0; k < extensions.length; k += 1) {
    const extension = asObject(extensions[k]);
    if (extension?.url === url) return extension;
  }
  return undefined;
}

/** Up to this many entries a nested loop beats building a Set; past it a Set keeps the cost linear. */
export const FEW = 24;

/**
 * The entries whose `sequence` repeats an earlier entry's (undefined sequences ignored), in order,
 * compared as a `Set` compares. Shared empty array when none repeats (BV-00453, BV-00454).
 */
export function repeatedSequences<T extends { readonly sequence: unknown }>(list: readonly T[]): readonly T[] {
  if (list.length < 2) return NOTHING as readonly T[];
  let repeated: T[] | undefined;
  if (list.length <= FEW) {
    for (let j = 1; j < list.length; j += 1) {
      const entry = list[j] as T;
      if (entry.sequence === undefined) continue;
      for (let i = 0; i < j; i += 1) {
        if ((list[i] as T).sequence === entry.sequence) {
          (repeated ??= []).push(entry);
          break;
        }
      }
    }
  } else {
    const seen = new Set<unknown>();
    for (const entry of list) {
      if (entry.sequence === undefined) continue;
      if (seen.has(entry.sequence)) (repeated ??= []).push(entry);
      seen.add(entry.sequence);
    }
  }
  return repeated ?? (NOTHING as readonly T[]);
}

/**
 * The sequences of some entries (supporting information, diagnoses), to look item pointers up in:
 * a scan when there are FEW entries or less, a Set past that so that the cost stays linear.
 * Compared as a `Set` compares.
 */
export class Sequences {
  readonly #entries: readonly { readonly sequence: unknown }[];
  readonly #known: ReadonlySet<unknown> | undefined;

  constructor(entries: readonly { readonly sequence: unknown }[]) {
    this.#entries = entries;
    this.#known = entries.length > FEW ? new Set(entries.map((entry) => entry.sequence)) : undefined;
  }

  has(value: unknown): boolean {
    if (this.#known !== undefined) return this.#known.has(value);
    for (const entry of this.#entries) if (entry.sequence === value) return true;
    return false;
  }

  /** How many of `pointers` (an array of sequences, as sent) are known here. */
  count(pointers: unknown): number {
    let found = 0;
    for (const value of asArray(pointers)) if (this.has(value)) found += 1;
    return found;
  }

  get empty(): boolean {
    return this.#entries.length === 0;
  }
}
