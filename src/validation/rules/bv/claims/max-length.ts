/**
 * BV-00261..BV-00325 (the data-type length rules): a string element SHALL NOT be longer than its
 * official maximum. Where the table gives two limits ("250 English Characters and 125 Arabic
 * Characters"), a value with any Arabic letter gets the Arabic limit. Lengths count Unicode
 * characters, not UTF-16 units. Elements are found by their FHIR data type's position (the
 * Codings of a `coding`, the Identifier of an `identifier`...), see `LENGTH_RULES` below.
 *
 * The rules are measured together, once per message (issue 3: each rule filtering the whole
 * message for its own objects made this the costliest rule family): every place is measured in
 * the objects the shared walk lists for it (under a key, of a shape: walk.ts), each finding is
 * filed under its rule, and each rule's `check` returns its own list. A rule's findings keep the
 * order a walk of its own gives: objects in walk order, then array positions.
 */
import { codePointCount } from '../../../../fhir/text.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { ElementNode } from '../../../elements.js';
import type { MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';
import { ATTACHMENT_KEYS } from './attachment.js';
import { NO_FINDINGS } from './claim-entries.js';
import { POSITIVE_INT_ELEMENTS, elementShapes } from './walk.js';

interface LengthLimit {
  readonly english: number;
  /** Limit for a value containing Arabic letters; the English one when the table gives one limit. */
  readonly arabic?: number;
}

/**
 * Where a rule measures: the objects it looks in, and the elements (property names, optionally
 * repeating) it measures in each.
 */
type Where =
  /** Objects that are the value, or an array element, of one of `keys`. */
  | { readonly under: readonly string[]; readonly names: readonly string[] }
  /** Objects recognised by their shape (walk.ts). */
  | { readonly shape: Shape; readonly names: readonly string[] }
  /** An entry's resource itself, optionally of one type. */
  | { readonly resource: string | undefined; readonly names: readonly string[] };

type Shape = 'Coding' | 'CodeableConcept' | 'Reference' | 'positiveInt holder';

/** `names` when the object sits under one of `keys`. */
function under(keys: readonly string[], ...names: string[]): Where {
  return { under: keys, names };
}

/** A Coding: an element of a `coding` array, or a single Coding such as `eventCoding`/`valueCoding`. */
function coding(...names: string[]): Where {
  return { shape: 'Coding', names };
}

/** A CodeableConcept: any object with a `coding` array. */
function codeableConcept(...names: string[]): Where {
  return { shape: 'CodeableConcept', names };
}

/** A Reference: an object with a literal `reference`, or a logical `identifier` reference. */
function reference(...names: string[]): Where {
  return { shape: 'Reference', names };
}

/** A HumanName: an element of `name` that is an object (Organization.name is a plain string). */
function humanName(...names: string[]): Where {
  return under(['name'], ...names);
}

function attachment(...names: string[]): Where {
  return under([...ATTACHMENT_KEYS], ...names);
}

/** The positiveInt elements (sequences, links to them) of any object that has one. */
function positiveInts(): Where {
  return { shape: 'positiveInt holder', names: POSITIVE_INT_ELEMENTS };
}

/** The resource itself, optionally of one type. */
function resourceRoot(resourceType: string | undefined, ...names: string[]): Where {
  return { resource: resourceType, names };
}

interface LengthRuleSpec {
  readonly limit: LengthLimit;
  /** Several places are measured as one rule; they pick objects under different keys, so no object twice. */
  readonly where: readonly Where[];
}

/**
 * The official limits and where each rule measures, by rule id. Each id's file carries its
 * official description (BV-00261.ts...).
 */
const LENGTH_RULES: Readonly<Record<string, LengthRuleSpec>> = {
  'BV-00261': { limit: { english: 255 }, where: [under(['identifier'], 'system'), coding('system'), under(['extension', 'modifierExtension'], 'url'), under(['meta'], 'profile')] },
  'BV-00263': { limit: { english: 29 }, where: [under(['meta'], 'lastUpdated')] },
  'BV-00267': { limit: { english: 30 }, where: [coding('code')] },
  'BV-00269': { limit: { english: 64 }, where: [resourceRoot(undefined, 'id')] },
  'BV-00271': { limit: { english: 11 }, where: [attachment('size')] },
  'BV-00272': { limit: { english: 11 }, where: [positiveInts()] },
  'BV-00274': { limit: { english: 250, arabic: 125 }, where: [attachment('title')] },
  'BV-00275': { limit: { english: 100 }, where: [under(['identifier'], 'value')] },
  'BV-00276': { limit: { english: 100, arabic: 50 }, where: [under(['note'], 'authorString')] },
  'BV-00277': { limit: { english: 250 }, where: [codeableConcept('text')] },
  'BV-00278': { limit: { english: 100 }, where: [coding('version')] },
  'BV-00279': { limit: { english: 100 }, where: [coding('display')] },
  'BV-00282': { limit: { english: 250, arabic: 125 }, where: [humanName('text')] },
  'BV-00283': { limit: { english: 100, arabic: 50 }, where: [humanName('family')] },
  'BV-00284': { limit: { english: 100, arabic: 50 }, where: [humanName('given')] },
  'BV-00285': { limit: { english: 100, arabic: 50 }, where: [humanName('prefix')] },
  'BV-00286': { limit: { english: 100, arabic: 50 }, where: [humanName('suffix')] },
  'BV-00287': { limit: { english: 100 }, where: [under(['telecom'], 'value')] },
  'BV-00288': { limit: { english: 500, arabic: 250 }, where: [under(['address'], 'text')] },
  'BV-00289': { limit: { english: 200, arabic: 100 }, where: [under(['address'], 'line')] },
  'BV-00290': { limit: { english: 200, arabic: 100 }, where: [under(['address'], 'city')] },
  'BV-00291': { limit: { english: 200, arabic: 100 }, where: [under(['address'], 'district')] },
  'BV-00292': { limit: { english: 200, arabic: 100 }, where: [under(['address'], 'state')] },
  'BV-00293': { limit: { english: 50 }, where: [under(['address'], 'postalCode')] },
  'BV-00294': { limit: { english: 100, arabic: 50 }, where: [under(['address'], 'country')] },
  'BV-00305': { limit: { english: 250 }, where: [reference('reference')] },
  'BV-00306': { limit: { english: 200 }, where: [reference('display')] },
  'BV-00325': { limit: { english: 250, arabic: 125 }, where: [resourceRoot('Organization', 'name')] },
};

/** One element one rule measures: the rule's position (its bucket), its limit and the property name. */
class Measure {
  /** A string has at least as many UTF-16 units as characters: one within the smaller limit in units is within either limit. */
  readonly surelyShort: number;
  /**
   * A whole number below 10^surelyShort has at most surelyShort digits (integers below 1e21
   * print without an exponent): most numbers measured (sequences) need no string made of them.
   */
  readonly shortNumber: number;
  readonly diagnostics: string;

  constructor(
    readonly rule: number,
    readonly id: string,
    readonly limit: LengthLimit,
    readonly name: string,
  ) {
    this.surelyShort = Math.min(limit.english, limit.arabic ?? limit.english);
    this.shortNumber = 10 ** Math.min(this.surelyShort, 20);
    this.diagnostics = `longer than the ${limit.english}-character maximum`;
  }
}

const RULE_IDS = Object.keys(LENGTH_RULES);

/** What the pass measures, compiled once from the table: in the objects under each key, and in each shape. */
interface Measures {
  /** The keys objects are measured under, and what is measured under each (same positions). */
  readonly keys: readonly string[];
  readonly underKey: readonly (readonly Measure[])[];
  /** In a single Coding (`valueCoding`...); the Codings of a `coding` array are measured under their key. */
  readonly inCoding: readonly Measure[];
  readonly inConcept: readonly Measure[];
  readonly inReference: readonly Measure[];
  /** The positiveInt elements, in POSITIVE_INT_ELEMENTS order (the i-th measures the i-th). */
  readonly inPositiveInts: readonly Measure[];
  readonly inResource: readonly { readonly resourceType: string | undefined; readonly measure: Measure }[];
}

const MEASURES: Measures = compile();

function compile(): Measures {
  const byKey = new Map<string, Measure[]>();
  const addUnder = (key: string, measure: Measure): void => {
    const list = byKey.get(key);
    if (list) list.push(measure);
    else byKey.set(key, [measure]);
  };
  const inCoding: Measure[] = [];
  const inConcept: Measure[] = [];
  const inReference: Measure[] = [];
  const inPositiveInts: Measure[] = [];
  const inResource: { resourceType: string | undefined; measure: Measure }[] = [];
  RULE_IDS.forEach((id, rule) => {
    const { limit, where } = LENGTH_RULES[id] as LengthRuleSpec;
    for (const place of where) {
      for (const name of place.names) {
        const measure = new Measure(rule, id, limit, name);
        if ('under' in place) for (const key of place.under) addUnder(key, measure);
        else if ('resource' in place) inResource.push({ resourceType: place.resource, measure });
        else if (place.shape === 'Coding') {
          addUnder('coding', measure);
          inCoding.push(measure);
        } else if (place.shape === 'CodeableConcept') inConcept.push(measure);
        else if (place.shape === 'Reference') inReference.push(measure);
        else inPositiveInts.push(measure);
      }
    }
  });
  for (const measures of [...byKey.values(), inCoding, inConcept, inReference]) {
    if (new Set(measures.map((m) => m.rule)).size !== measures.length) throw new Error('a rule measures one name per place (see measureEach)');
  }
  // walk.ts tells which positiveInt elements an object holds by their position in its list.
  if (inPositiveInts.length > 0 && inPositiveInts.some((m, i) => m.name !== POSITIVE_INT_ELEMENTS[i])) {
    throw new Error('one rule measures the positiveInt elements, all of them, in their order');
  }
  return { keys: [...byKey.keys()], underKey: [...byKey.values()], inCoding, inConcept, inReference, inPositiveInts, inResource };
}

/** A data-type length rule: its findings, from the pass that measures every such rule at once. */
export function lengthRule(id: string): Rule {
  const rule = RULE_IDS.indexOf(id);
  if (rule < 0) throw new Error(`${id} is not a data-type length rule`);
  return {
    id,
    check: (message) => message.shared(measureLengths)[rule] as Finding[],
  };
}

/**
 * Every length rule's findings in one message, by the rule's position in `LENGTH_RULES`. Each
 * place is measured in the objects the shared walk lists for it (under a key, of a shape), so
 * no rule looks at an object it measures nothing in; a rule with nothing to report gets the
 * shared empty list.
 */
function measureLengths(message: MessageUnderTest): readonly Finding[][] {
  const found: (Found | undefined)[] = new Array<Found | undefined>(RULE_IDS.length).fill(undefined);
  const { keys, underKey, inCoding, inConcept, inReference, inPositiveInts, inResource } = MEASURES;
  const elements = message.elements;
  for (let k = 0; k < keys.length; k += 1) measureEach(elements.withKey(keys[k] as string), underKey[k] as readonly Measure[], found);
  const shapes = elementShapes(message);
  measureEach(shapes.singleCodings, inCoding, found);
  measureEach(shapes.concepts, inConcept, found);
  measureEach(shapes.references, inReference, found);
  for (let s = 0; s < shapes.sequenced.length; s += 1) {
    const held = shapes.sequences[s] as number;
    for (let p = 0; p < inPositiveInts.length; p += 1) {
      if ((held & (1 << p)) !== 0) measureIn(shapes.sequenced[s] as ElementNode, inPositiveInts[p] as Measure, found);
    }
  }
  for (const root of elements.roots) {
    for (const { resourceType, measure } of inResource) {
      if (resourceType === undefined || root.node.resourceType === resourceType) measureIn(root, measure, found);
    }
  }
  return found.map((bucket) => (bucket === undefined ? NO_FINDINGS : bucket.inWalkOrder()));
}

/**
 * One rule's findings as they are made, with the walk position of the object each was found in.
 * A rule measuring several places (BV-00261: Identifier.system, Coding.system...) gets their
 * findings place after place; put back in walk order, they are what a walk of its own finds.
 * Its places pick objects under different keys, so one object's findings all come from one place.
 */
class Found {
  readonly findings: Finding[] = [];
  readonly ordinals: number[] = [];
  #inOrder = true;

  add(finding: Finding, ordinal: number): void {
    const last = this.ordinals.length - 1;
    if (last >= 0 && ordinal < (this.ordinals[last] as number)) this.#inOrder = false;
    this.findings.push(finding);
    this.ordinals.push(ordinal);
  }

  inWalkOrder(): Finding[] {
    if (this.#inOrder) return this.findings;
    // Array sort is stable: the findings of one object keep their order.
    const order = this.findings.map((_, i) => i).sort((a, b) => (this.ordinals[a] as number) - (this.ordinals[b] as number));
    return order.map((i) => this.findings[i] as Finding);
  }
}

/**
 * Measures `measures` in each of `objects`. Each object's property names are listed and matched
 * against the measured names, rather than each name read: a property read by a name that varies
 * costs several times as much as listing an object's few names (the objects are of many shapes).
 * A rule measures one name per place (checked in `compile`), so its findings in one object keep
 * their order whatever the order of the object's properties.
 */
function measureEach(objects: readonly ElementNode[], measures: readonly Measure[], found: (Found | undefined)[]): void {
  for (let o = 0; o < objects.length; o += 1) {
    const visited = objects[o] as ElementNode;
    const node = visited.node;
    for (const name in node) {
      for (let m = 0; m < measures.length; m += 1) {
        const measure = measures[m] as Measure;
        if (measure.name === name) measureValues(node[name], visited, measure, found);
      }
    }
  }
}

/** Measures one element of one object: each value of a repeating element, or the single one. */
function measureIn(visited: ElementNode, measure: Measure, found: (Found | undefined)[]): void {
  measureValues(visited.node[measure.name], visited, measure, found);
}

function measureValues(value: unknown, visited: ElementNode, measure: Measure, found: (Found | undefined)[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) measureValue(value[i], visited, measure, i, found);
  } else measureValue(value, visited, measure, -1, found);
}

/** `index` is the value's position in a repeating element, -1 for a single one. */
function measureValue(text: unknown, visited: ElementNode, measure: Measure, index: number, found: (Found | undefined)[]): void {
  let asText: string;
  if (typeof text === 'string') asText = text;
  else if (typeof text === 'number') {
    if (Number.isInteger(text) && text >= 0 && text < measure.shortNumber) return;
    asText = String(text);
  } else return;
  if (asText.length <= measure.surelyShort || !tooLong(asText, measure.limit)) return;
  const at = `${visited.path}.${index < 0 ? measure.name : `${measure.name}[${index}]`}`;
  const bucket = (found[measure.rule] ??= new Found());
  bucket.add(error(measure.id, at, measure.diagnostics), visited.ordinal);
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

function tooLong(value: string, limit: LengthLimit): boolean {
  return codePointCount(value) > (limit.arabic !== undefined && ARABIC.test(value) ? limit.arabic : limit.english);
}

