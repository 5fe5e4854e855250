/**
 * BV-00261..BV-00325 (the data-type length rules): a string element SHALL NOT be longer than its
 * official maximum. Where the table gives two limits ("250 English Characters and 125 Arabic
 * Characters"), a value with any Arabic letter gets the Arabic limit. Lengths count Unicode
 * characters, not UTF-16 units. Elements are found by their FHIR data type's position (the
 * Codings of a `coding`, the Identifier of an `identifier`...), see the selectors below.
 *
 * Each selector also names the objects it can select anything in, from the message's shared
 * walk (by key, or a filter computed once per message), so a rule looks at those objects only.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { mergeInWalkOrder, type ElementNode, type MessageElements, type NodeFilter } from '../../../elements.js';
import type { Rule } from '../../../rule.js';
import { ATTACHMENT_KEYS } from './attachment.js';
import { isCodeableConcept, isCoding, isReference, type VisitedObject } from './walk.js';

export interface LengthLimit {
  readonly english: number;
  /** Limit for a value containing Arabic letters; the English one when the table gives one limit. */
  readonly arabic?: number;
}

/** The elements a rule measures in one visited object: property names, optionally repeating. */
export interface Selector {
  /** Walk-ordered objects `names` can return anything for; every other object it returns nothing for. */
  candidates(elements: MessageElements): readonly ElementNode[];
  names(visited: VisitedObject): readonly string[];
}

/** What a selector returns for an object it picks nothing in (shared: no allocation per object). */
const NO_NAMES: readonly string[] = [];

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

export function maxLengthRule(id: string, limit: LengthLimit, select: Selector): Rule {
  // A string has at least as many UTF-16 units as characters: one within the smaller limit in
  // units is within either limit, and needs neither the Arabic test nor a count of characters.
  const surelyShort = Math.min(limit.english, limit.arabic ?? limit.english);
  const tooLong = (value: string): boolean =>
    value.length > surelyShort && [...value].length > (limit.arabic !== undefined && ARABIC.test(value) ? limit.arabic : limit.english);
  /** Measures one value; `index` is its position in a repeating element, -1 for a single one. */
  // A whole number below 10^surelyShort has at most surelyShort digits (integers below 1e21 print
  // without an exponent): most numbers measured (sequences) need no string made of them.
  const shortNumber = 10 ** Math.min(surelyShort, 20);
  const measure = (text: unknown, visited: VisitedObject, name: string, index: number, found: Finding[]): void => {
    if (typeof text === 'number' && Number.isInteger(text) && text >= 0 && text < shortNumber) return;
    const asText = typeof text === 'number' ? String(text) : text;
    if (typeof asText === 'string' && tooLong(asText)) {
      found.push(error(id, `${visited.path}.${index < 0 ? name : `${name}[${index}]`}`, `longer than the ${limit.english}-character maximum`));
    }
  };
  return {
    id,
    check(message) {
      const found: Finding[] = [];
      for (const visited of select.candidates(message.elements)) {
        for (const name of select.names(visited)) {
          const value = visited.node[name];
          if (Array.isArray(value)) for (let i = 0; i < value.length; i += 1) measure(value[i], visited, name, i, found);
          else measure(value, visited, name, -1, found);
        }
      }
      return found;
    },
  };
}

/** `select(...names)` when the visited object sits under one of `keys`. */
export function under(keys: readonly string[], ...names: string[]): Selector {
  const set = new Set(keys);
  const selector: Selector = {
    candidates: (elements) => elements.selected(selector, (all) => all.withKeys(set)),
    names: ({ key }) => (key !== undefined && set.has(key) ? names : NO_NAMES),
  };
  return selector;
}

/** A selector of `names` in the objects `filter` accepts (a module-level filter: it keys the per-message cache). */
function filtered(filter: NodeFilter, names: readonly string[]): Selector {
  return { candidates: (elements) => elements.where(filter), names: (visited) => (filter(visited) ? names : NO_NAMES) };
}

/** A Coding: an element of a `coding` array, or a single Coding such as `eventCoding`/`valueCoding`. */
export function coding(...names: string[]): Selector {
  return filtered(isCoding, names);
}

/** A CodeableConcept: any object with a `coding` array. */
export function codeableConcept(...names: string[]): Selector {
  return filtered(isCodeableConcept, names);
}

/** A Reference: an object with a literal `reference`, or a logical `identifier` reference. */
export function reference(...names: string[]): Selector {
  return filtered(isReference, names);
}

/** A HumanName: an element of `name` that is an object (Organization.name is a plain string). */
export function humanName(...names: string[]): Selector {
  return under(['name'], ...names);
}

/** The resource itself, optionally of one type. */
export function resourceRoot(resourceType: string | undefined, ...names: string[]): Selector {
  return {
    candidates: (elements) => elements.roots,
    names: ({ node, key }) => (key === undefined && (resourceType === undefined || node.resourceType === resourceType) ? names : NO_NAMES),
  };
}

/** Any object that has one of `names` (a data type recognised by its element names, e.g. the positiveInt sequences). */
export function having(...names: string[]): Selector {
  const wanted = new Set(names);
  // Parsed JSON has no inherited enumerable properties: its own keys are all `for...in` visits.
  const has: NodeFilter = ({ node }) => {
    for (const key in node) if (wanted.has(key) && node[key] !== undefined) return true;
    return false;
  };
  return { candidates: (elements) => elements.where(has), names: () => names };
}

export function attachment(...names: string[]): Selector {
  return under([...ATTACHMENT_KEYS], ...names);
}

/** Several selectors as one. */
export function anyOf(...selectors: Selector[]): Selector {
  const selector: Selector = {
    candidates: (elements) => elements.selected(selector, (all) => mergeInWalkOrder(selectors.map((s) => s.candidates(all)))),
    names: (visited) => {
      // Usually one selector matches an object: its list is returned as it is.
      let names: readonly string[] = NO_NAMES;
      for (const selector of selectors) {
        const more = selector.names(visited);
        if (more.length > 0) names = names.length === 0 ? more : [...names, ...more];
      }
      return names;
    },
  };
  return selector;
}

