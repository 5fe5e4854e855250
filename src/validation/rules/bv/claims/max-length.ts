/**
 * BV-00261..BV-00325 (the data-type length rules): a string element SHALL NOT be longer than its
 * official maximum. Where the table gives two limits ("250 English Characters and 125 Arabic
 * Characters"), a value with any Arabic letter gets the Arabic limit. Lengths count Unicode
 * characters, not UTF-16 units. Elements are found by their FHIR data type's position (the
 * Codings of a `coding`, the Identifier of an `identifier`...), see the selectors below.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { ATTACHMENT_KEYS } from './attachment.js';
import { collectFrom, type VisitedObject } from './walk.js';

export interface LengthLimit {
  readonly english: number;
  /** Limit for a value containing Arabic letters; the English one when the table gives one limit. */
  readonly arabic?: number;
}

/** The elements a rule measures in one visited object: a property name, optionally repeating. */
export type Selector = (visited: VisitedObject) => readonly string[];

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

export function maxLengthRule(id: string, limit: LengthLimit, select: Selector): Rule {
  const tooLong = (value: string): boolean => [...value].length > (limit.arabic !== undefined && ARABIC.test(value) ? limit.arabic : limit.english);
  return {
    id,
    check(message) {
      return collectFrom(message, (visited): Finding[] => {
        const found: Finding[] = [];
        for (const name of select(visited)) {
          const value = visited.node[name];
          const report = (text: unknown, sub: string): void => {
            const asText = typeof text === 'number' ? String(text) : text;
            if (typeof asText === 'string' && tooLong(asText)) found.push(error(id, `${visited.path}.${sub}`, `longer than the ${limit.english}-character maximum`));
          };
          if (Array.isArray(value)) value.forEach((v, i) => report(v, `${name}[${i}]`));
          else report(value, name);
        }
        return found;
      });
    },
  };
}

/** `select(...names)` when the visited object sits under one of `keys`. */
export function under(keys: readonly string[], ...names: string[]): Selector {
  const set = new Set(keys);
  return ({ key }) => (key !== undefined && set.has(key) ? names : []);
}

/** A Coding: an element of a `coding` array, or a single Coding such as `eventCoding`/`valueCoding`. */
export function coding(...names: string[]): Selector {
  return ({ key }) => (key !== undefined && (key === 'coding' || /[a-z]Coding$/.test(key)) ? names : []);
}

/** A CodeableConcept: any object with a `coding` array. */
export function codeableConcept(...names: string[]): Selector {
  return ({ node }) => (Array.isArray(node.coding) ? names : []);
}

/** A Reference: an object with a literal `reference`, or a logical `identifier` reference. */
export function reference(...names: string[]): Selector {
  return ({ node, key }) =>
    key !== undefined && key !== 'identifier' && (typeof node.reference === 'string' || asObject(node.identifier) !== undefined) ? names : [];
}

/** A HumanName: an element of `name` that is an object (Organization.name is a plain string). */
export function humanName(...names: string[]): Selector {
  return under(['name'], ...names);
}

/** The resource itself, optionally of one type. */
export function resourceRoot(resourceType: string | undefined, ...names: string[]): Selector {
  return ({ node, key }) => (key === undefined && (resourceType === undefined || node.resourceType === resourceType) ? names : []);
}

export function attachment(...names: string[]): Selector {
  return under([...ATTACHMENT_KEYS], ...names);
}

/** Several selectors as one. */
export function anyOf(...selectors: Selector[]): Selector {
  return (visited) => selectors.flatMap((s) => s(visited));
}
