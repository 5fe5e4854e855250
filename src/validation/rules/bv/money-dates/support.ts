/**
 * Small readers shared by the money and date rules: NPHIES extensions by url, references
 * resolved inside the bundle, and the rule shape most of them take (a check over the resources of
 * one type that returns what is wrong).
 *
 * These run for every message, and nearly always find nothing: what they return when all is well
 * is a shared empty list, so a clean message allocates nothing per rule.
 */
import type { JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { EntryIndex } from '../../../../fhir/references.js';
import { error, type Finding, NO_FINDINGS as NONE_FOUND } from '../../../../findings/finding.js';
import type { RuleContext } from '../../../context.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';

const NPHIES_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-';

/** The url of the NPHIES extension `extension-<name>`; rules build theirs once, at load. */
export function nphiesExtension(name: string): string {
  return NPHIES_EXTENSION + name;
}

/**
 * Index of the first extension of `element` with `url` (see `nphiesExtension`), or -1. No object
 * is made for the answer: most lookups find nothing.
 */
export function extensionIndex(element: unknown, url: string): number {
  if (!isObject(element)) return -1;
  const list = element.extension;
  if (!Array.isArray(list)) return -1;
  for (let index = 0; index < list.length; index++) {
    const extension: unknown = list[index];
    if (isObject(extension) && extension.url === url) return index;
  }
  return -1;
}

/** The value of `key` in the first extension of `element` with `url` (undefined without one). */
export function extensionValue(element: unknown, url: string, key: string): unknown {
  const index = extensionIndex(element, url);
  return index < 0 ? undefined : ((element as JsonObject).extension as JsonObject[])[index]![key];
}

const PACKAGE = nphiesExtension('package');

/** `extension-package` is true: the item is billed as one package (its details carry no own price). */
export function isPackage(item: JsonObject): boolean {
  return extensionValue(item, PACKAGE, 'valueBoolean') === true;
}

/** A JSON object (not an array, not null), as `asObject` decides, without the wrapper. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves `element.reference` inside the bundle, or undefined (an unresolved reference is RE-00174's finding). */
export function resolve(index: EntryIndex, element: unknown): BundleEntry | undefined {
  if (!isObject(element)) return undefined;
  const reference = element.reference;
  return typeof reference === 'string' ? index.resolve(reference) : undefined;
}

/** What a rule found wrong in one resource: the sub-path at fault (empty for the resource) and why. */
export interface Problem {
  readonly at: string;
  readonly why: string;
  /** Another entry the problem sits in (e.g. the Patient whose birthDate an Encounter contradicts). */
  readonly entry?: number;
}

/** "Nothing wrong", shared: the clean path allocates no list. */
export const NO_PROBLEMS: readonly Problem[] = [];
/** Frozen: a caller that appended to a rule's result would otherwise change every later "none". */
// The one frozen list of src/findings/finding.ts, typed as this area's helpers return their lists.
export const NO_FINDINGS = NONE_FOUND as Finding[];

/**
 * A rule over the resources of one type: the focal ones (`focal`) or every entry of the message
 * (`all`, e.g. each Coverage or Patient). `check` gets the resource, the message and the context,
 * and returns `NO_PROBLEMS` when the resource is fine.
 */
export function resourceRule(
  id: string,
  type: string,
  scope: 'focal' | 'all',
  check: (resource: JsonObject, message: MessageUnderTest, context: RuleContext) => readonly Problem[],
): Rule {
  return {
    id,
    check(message, context) {
      const entries = scope === 'focal' ? message.focalOfType(type) : message.entriesOfType(type);
      let findings: Finding[] | undefined;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i] as BundleEntry;
        const problems = check(entry.resource as JsonObject, message, context);
        if (problems.length > 0) findings = report(id, message, entry.index, problems, findings);
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** Turns the problems found in entry `entryIndex` into findings of `id`, appended to `findings`. */
export function report(id: string, message: MessageUnderTest, entryIndex: number, problems: readonly Problem[], findings: Finding[] = []): Finding[] {
  for (const problem of problems) {
    findings.push(error(id, entryPath(message, problem.entry ?? entryIndex, problem.at || undefined), problem.why));
  }
  return findings;
}
