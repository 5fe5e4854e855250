/**
 * Which official NPHIES rule code a base-schema error is reported under.
 *
 * The workbook has element-specific rules for most elements NPHIES profiles use, one per kind of
 * problem: DT "<element> SHALL have a valid Data Type", IB "<element> SHALL use a code from the
 * specified valueSet", IC "<element> SHALL follow the specified cardinality". Those are indexed
 * once, by normalised element path, and an error takes the rule of its element for its kind.
 * Some problems have one official rule whatever the element (below, SCHEMA_CODES); anything else
 * falls back to GE-00007, the workbook's "structure validation error" (the JSON schema plays the
 * part the XSD plays for XML messages).
 */
import type { OfficialRule } from '../../data-gen/rules-catalogue.js';
import { normaliseElementKey } from './paths.js';

export const SCHEMA_CODES = {
  /** "XSD SHALL have a valid structure (Validation Error)": schema errors with no element-specific rule. */
  fallback: 'GE-00007',
  /** "Element SHALL exist in the base FHIR profile": a property R4 does not define. */
  unknownElement: 'FR-00027',
  /** "Bundle entry must be a resource": `Bundle.entry.resource` is not a JSON object. */
  entryNotAResource: 'FR-00005',
  /** "Bundle.entry.resource is not a valid FHIR resource": no or an unknown resourceType in an entry. */
  entryInvalidResource: 'RE-00180',
  /** "The resource type SHALL be a valid FHIR R4 resource type": the same at any other resource position. */
  invalidResourceType: 'BV-00080',
} as const;

/** What an error says about its element, which decides the family of the rule looked up. */
export type ErrorKind =
  /** Wrong JSON type (`"use": 42`, an array for a single element, a string for a Quantity). */
  | 'type'
  /** Right JSON type, wrong lexical form (a date that does not match the FHIR date pattern). */
  | 'value'
  /** A string that is not one of the codes a `code` element allows. */
  | 'code'
  /** A required element is missing. */
  | 'cardinality'
  /** An array for a single element, or a single value for a repeating one: wrong cardinality, told by the JSON shape. */
  | 'occurrence';

export interface CodeLookup {
  /**
   * `keys` are the error's element keys, most specific first (see paths.elementKeys);
   * `exactKeys` those naming the element itself, for kinds where a parent's rule would be wrong.
   */
  codeFor(kind: ErrorKind, keys: readonly string[], exactKeys: readonly string[]): string;
  /** Every code this lookup can answer (for the coverage report). */
  codes(): ReadonlySet<string>;
}

const CONDITIONAL = /\b(if|when)\b/i;
const DATA_TYPE = /\b(data ?type|datatype)\b/i;
const VALUE_SET = /SHALL use a code from the specified valueSet/i;
const CARDINALITY = /cardinality/i;

export function buildCodeLookup(rules: Iterable<OfficialRule>): CodeLookup {
  const dataType = new Map<string, string>();
  const binding = new Map<string, string>();
  const cardinality = new Map<string, string>();

  const sorted = [...rules].filter((r) => r.active).sort((a, b) => a.id.localeCompare(b.id));
  for (const rule of sorted) {
    // Conditional rules ("... if MessageHeader.eventCoding = ...") are business rules, not the element's base check.
    if (CONDITIONAL.test(rule.description)) continue;
    const index =
      rule.family === 'DT' && DATA_TYPE.test(rule.description)
        ? dataType
        : rule.family === 'IB' && VALUE_SET.test(rule.description)
          ? binding
          : rule.family === 'IC' && CARDINALITY.test(rule.description)
            ? cardinality
            : undefined;
    if (!index) continue;
    for (const key of catalogueKeys(rule.element)) {
      // Lowest id wins: the workbook lists the base rule before later, narrower variants.
      if (!index.has(key)) index.set(key, rule.id);
    }
  }

  const first = (index: Map<string, string>, keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const code = index.get(key);
      if (code) return code;
    }
    return undefined;
  };

  const all = new Set<string>([...dataType.values(), ...binding.values(), ...cardinality.values(), ...Object.values(SCHEMA_CODES)]);
  return {
    codes: () => all,
    codeFor(kind, keys, exactKeys) {
      switch (kind) {
        case 'type':
        case 'value':
          return first(dataType, keys) ?? SCHEMA_CODES.fallback;
        case 'code':
          return first(binding, exactKeys) ?? first(dataType, keys) ?? SCHEMA_CODES.fallback;
        case 'cardinality':
          return first(cardinality, exactKeys) ?? SCHEMA_CODES.fallback;
        case 'occurrence':
          return first(cardinality, exactKeys) ?? first(dataType, keys) ?? SCHEMA_CODES.fallback;
      }
    },
  };
}

/**
 * Element paths as the workbook writes them, in the spelling paths.elementKeys produces:
 * `Claim.item.serviced[x]:servicedDate` → `claim.item.serviceddate`,
 * `Claim.supportingInfo[x].valueQuantity.value` → `claim.supportinginfo.valuequantity.value`,
 * `Claim.supportingInfo.value[x]` → `claim.supportinginfo.value`. Non-path texts are skipped.
 */
export function catalogueKeys(element: string): string[] {
  const keys: string[] = [];
  for (const part of element.split(',')) {
    const path = part
      .trim()
      .replace(/\w+\[x\]:(\w+)/g, '$1')
      .replace(/\[x\]/g, '');
    if (/^[A-Za-z]+(\.[A-Za-z][\w-]*)+$/.test(path)) keys.push(normaliseElementKey(path));
  }
  return keys;
}
