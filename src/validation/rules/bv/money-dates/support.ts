/**
 * Small readers shared by the money and date rules: NPHIES extensions by name, the entries of a
 * message by resource type, and references resolved inside the bundle.
 */
import { asArray, asObject, asString, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { EntryIndex } from '../../../../fhir/references.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { RuleContext } from '../../../context.js';
import type { NodeFilter } from '../../../elements.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';

const NPHIES_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-';

export interface FoundExtension {
  /** Index in the `extension` array, for the expression (`extension[2]`). */
  readonly index: number;
  readonly extension: JsonObject;
}

/** The NPHIES extension `extension-<name>` of an element, e.g. `tax` or `authorization-offline-date`. */
export function extensionOf(element: unknown, name: string): FoundExtension | undefined {
  const url = NPHIES_EXTENSION + name;
  const list = asArray(asObject(element)?.extension);
  for (let index = 0; index < list.length; index++) {
    const extension = asObject(list[index]);
    if (extension && extension.url === url) return { index, extension };
  }
  return undefined;
}

/** `extension-package` is true: the item is billed as one package (its details carry no own price). */
export function isPackage(item: JsonObject): boolean {
  return extensionOf(item, 'package')?.extension.valueBoolean === true;
}

/** Focal resources of one type (the Claim of a claim message). */
export function focalOf(message: MessageUnderTest, type: string): readonly BundleEntry[] {
  return message.focalOfType(type);
}

/** Every entry of the message of one type (not those of nested bundles, which are checked on their own). */
export function entriesOf(message: MessageUnderTest, type: string): readonly BundleEntry[] {
  return message.entriesOfType(type);
}

/** Resolves `element.reference` inside the bundle, or undefined (an unresolved reference is RE-00174's finding). */
export function resolve(index: EntryIndex, element: unknown): BundleEntry | undefined {
  const reference = asString(asObject(element)?.reference);
  return reference === undefined ? undefined : index.resolve(reference);
}

/** The message's entry index (built once per message, shared by every rule). */
export function indexOf(message: MessageUnderTest): EntryIndex {
  return message.entryIndex;
}

/** Array elements with their indices, skipping what is not an object. */
export function objects(value: unknown): { index: number; object: JsonObject }[] {
  const out: { index: number; object: JsonObject }[] = [];
  asArray(value).forEach((raw, index) => {
    const object = asObject(raw);
    if (object) out.push({ index, object });
  });
  return out;
}

/** Codes of every coding of a CodeableConcept. */
export function codesOf(concept: unknown): string[] {
  return objects(asObject(concept)?.coding)
    .map(({ object }) => asString(object.code))
    .filter((code): code is string => code !== undefined);
}

/** Objects with a numeric `value` (a Quantity or a Money), a filter of the message's shared walk. */
export const hasNumericValue: NodeFilter = ({ node }) => typeof node.value === 'number';

/** What a rule found wrong in one resource: the sub-path at fault (empty for the resource) and why. */
export interface Problem {
  readonly at: string;
  readonly why: string;
  /** Another entry the problem sits in (e.g. the Patient whose birthDate an Encounter contradicts). */
  readonly entry?: number;
}

/**
 * A rule over the resources of one type: the focal ones (`focal`) or every entry of the message
 * (`all`, e.g. each Coverage or Patient). `check` gets the resolved context it needs.
 */
export function resourceRule(
  id: string,
  type: string,
  scope: 'focal' | 'all',
  check: (resource: JsonObject, scan: Scan) => Problem[],
): Rule {
  return {
    id,
    check(message, context) {
      const entries = scope === 'focal' ? focalOf(message, type) : entriesOf(message, type);
      if (entries.length === 0) return [];
      const scan: Scan = { message, context, index: indexOf(message) };
      const findings: Finding[] = [];
      for (const entry of entries) {
        for (const problem of check(entry.resource!, scan)) {
          findings.push(error(id, entryPath(message, problem.entry ?? entry.index, problem.at || undefined), problem.why));
        }
      }
      return findings;
    },
  };
}

/** What a resource rule may consult besides the resource. */
export interface Scan {
  readonly message: MessageUnderTest;
  readonly context: RuleContext;
  readonly index: EntryIndex;
}
