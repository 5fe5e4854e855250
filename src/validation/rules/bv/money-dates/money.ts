/**
 * Money as the NPHIES rules compute it (implementation guide section 4.2): amounts are SAR with
 * two decimals (GE-00028) and `net = quantity × unitPrice × factor + tax`.
 *
 * Amounts are compared in whole halalas (SAR × 100, rounded), never as binary floating point:
 * `0.1 + 0.2 !== 0.3` in JavaScript, but 10 + 20 === 30 halalas. Sums of two-decimal amounts
 * (totals, package sums) must match exactly. A product with a factor or a fractional quantity
 * (`1.5 × 10.01 × 0.9 = 13.5135`) has to be rounded to a halala by the sender; whether tax is
 * added before or after that rounding moves the result by at most one halala, so the product
 * rules accept a difference of one halala (0.01 SAR) and nothing more.
 *
 * The priced lines of the focal Claims are read once per message (`claimLinesOf`) and every money
 * rule walks the lines of its level from there (issue 3).
 */
import type { JsonObject } from '../../../../fhir/json.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { extensionIndex, isObject, isPackage, nphiesExtension, NO_FINDINGS } from './support.js';

/** Rounding slack of the product rules, in halalas (see above). */
export const PRODUCT_TOLERANCE_HALALAS = 1;

const TAX = nphiesExtension('tax');

export function halalas(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : undefined;
}

/** The amount of a Money element in halalas. */
export function moneyHalalas(money: unknown): number | undefined {
  return isObject(money) ? halalas(money.value) : undefined;
}

/** More than two decimals (1e-6 absorbs the binary error of `value × 100`, e.g. 0.29 × 100 = 28.999999999999996). */
export function hasFractionOfHalala(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) > 1e-6;
}

export type LineLevel = 'item' | 'detail' | 'subDetail';

const NO_OBJECTS: readonly JsonObject[] = [];

/** One priced line of a Claim: an item, a detail or a sub-detail. */
export class ClaimLine {
  /** The line's children (details of an item, sub-details of a detail; none for a sub-detail). */
  readonly children: readonly JsonObject[];

  constructor(
    readonly level: LineLevel,
    readonly line: JsonObject,
    /** `extension-package` of the item the line belongs to (itself for an item): it governs the children. */
    readonly inPackage: boolean,
    readonly itemIndex: number,
    /** -1 for an item. */
    readonly detailIndex: number,
    /** -1 for an item or a detail. */
    readonly subDetailIndex: number,
  ) {
    this.children = level === 'subDetail' ? NO_OBJECTS : objectsOf(line[level === 'item' ? 'detail' : 'subDetail']);
  }

  /** FHIRPath below the Claim (`item[0].detail[1]`), built only for a finding. */
  get path(): string {
    const item = `item[${this.itemIndex}]`;
    if (this.detailIndex < 0) return item;
    const detail = `${item}.detail[${this.detailIndex}]`;
    return this.subDetailIndex < 0 ? detail : `${detail}.subDetail[${this.subDetailIndex}]`;
  }
}

/** The priced lines of one focal Claim, by level, each in claim order. */
export interface ClaimLines {
  readonly entryIndex: number;
  readonly claim: JsonObject;
  readonly item: readonly ClaimLine[];
  readonly detail: readonly ClaimLine[];
  readonly subDetail: readonly ClaimLine[];
}

/** The lines of every focal Claim, read once per message. */
export function claimLinesOf(message: MessageUnderTest): readonly ClaimLines[] {
  return message.shared(readClaimLines);
}

function readClaimLines(message: MessageUnderTest): readonly ClaimLines[] {
  const claims: ClaimLines[] = [];
  for (const entry of message.focal) {
    const claim = entry.resource;
    if (claim?.resourceType === 'Claim') claims.push(linesOf(entry.index, claim));
  }
  return claims;
}

function linesOf(entryIndex: number, claim: JsonObject): ClaimLines {
  const items: ClaimLine[] = [];
  const details: ClaimLine[] = [];
  const subDetails: ClaimLine[] = [];
  const list = claim.item;
  if (Array.isArray(list)) {
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (!isObject(item)) continue;
      const inPackage = isPackage(item);
      items.push(new ClaimLine('item', item, inPackage, i, -1, -1));
      const detailList = item.detail;
      if (!Array.isArray(detailList)) continue;
      for (let d = 0; d < detailList.length; d++) {
        const detail: unknown = detailList[d];
        if (!isObject(detail)) continue;
        details.push(new ClaimLine('detail', detail, inPackage, i, d, -1));
        const subList = detail.subDetail;
        if (!Array.isArray(subList)) continue;
        for (let s = 0; s < subList.length; s++) {
          const sub: unknown = subList[s];
          if (isObject(sub)) subDetails.push(new ClaimLine('subDetail', sub, inPackage, i, d, s));
        }
      }
    }
  }
  return { entryIndex, claim, item: items, detail: details, subDetail: subDetails };
}

/** The objects of an array (what is not an object skipped), or a shared empty list. */
function objectsOf(value: unknown): readonly JsonObject[] {
  if (!Array.isArray(value) || value.length === 0) return NO_OBJECTS;
  let out: JsonObject[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const object: unknown = value[i];
    if (isObject(object)) (out ??= []).push(object);
  }
  return out ?? NO_OBJECTS;
}

/** What a line rule finds wrong: the sub-path at fault below the Claim and a diagnostic. */
export interface LineProblem {
  readonly at: string;
  readonly why: string;
}

/** Runs `check` on every line of one level of every focal Claim. */
export function claimLineRule(id: string, level: LineLevel, check: (line: ClaimLine, claim: JsonObject) => LineProblem | undefined): Rule {
  return {
    id,
    check(message) {
      const claims = claimLinesOf(message);
      let findings: Finding[] | undefined;
      for (let c = 0; c < claims.length; c++) {
        const claim = claims[c] as ClaimLines;
        const lines = claim[level];
        for (let l = 0; l < lines.length; l++) {
          const problem = check(lines[l] as ClaimLine, claim.claim);
          if (problem) (findings ??= []).push(error(id, entryPath(message, claim.entryIndex, problem.at), problem.why));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/**
 * BV-00251, BV-00434, BV-00435: `net = quantity × unitPrice × factor + tax` on one level.
 * A missing factor is 1 and a missing tax 0 (the rules say so); a missing quantity, unitPrice or
 * net is a cardinality question for the profile layer, so the line is skipped.
 */
export function netProductRule(id: string, level: LineLevel, applies: (line: ClaimLine) => boolean = always): Rule {
  return claimLineRule(id, level, (line) => {
    if (!applies(line)) return undefined;
    const data = line.line;
    const quantity = isObject(data.quantity) ? data.quantity.value : undefined;
    const unitPrice = moneyHalalas(data.unitPrice);
    const net = moneyHalalas(data.net);
    if (typeof quantity !== 'number' || unitPrice === undefined || net === undefined) return undefined;
    const factor = typeof data.factor === 'number' ? data.factor : 1;
    const tax = taxHalalas(data) ?? 0;
    const expected = quantity * unitPrice * factor + tax;
    if (Math.abs(expected - net) <= PRODUCT_TOLERANCE_HALALAS + 1e-9) return undefined;
    return { at: `${line.path}.net`, why: `net ${net / 100} is not quantity × unitPrice × factor + tax = ${(Math.round(expected) / 100).toFixed(2)}` };
  });
}

function always(): boolean {
  return true;
}

/** The line's `extension-tax` amount in halalas. */
function taxHalalas(line: JsonObject): number | undefined {
  const index = extensionIndex(line, TAX);
  return index < 0 ? undefined : moneyHalalas((line.extension as JsonObject[])[index]!.valueMoney);
}

/**
 * Sum in halalas of `element` (a Money) over `parts`, or undefined when one of them has no
 * amount (an incomplete line is the profile layer's finding, not a wrong sum).
 */
export function sumHalalas(parts: readonly JsonObject[], element: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < parts.length; i++) {
    const amount = moneyHalalas((parts[i] as JsonObject)[element]);
    if (amount === undefined) return undefined;
    sum += amount;
  }
  return sum;
}

/**
 * BV-00224, BV-00254, BV-00433: a non-package line with children is worth exactly the sum of its
 * children's nets (two-decimal amounts, so no rounding slack).
 */
export function netSumRule(id: string, level: LineLevel, applies: (line: ClaimLine) => boolean = always): Rule {
  return claimLineRule(id, level, (line) => {
    if (line.inPackage || line.children.length === 0 || !applies(line)) return undefined;
    const net = moneyHalalas(line.line.net);
    if (net === undefined) return undefined;
    const sum = sumHalalas(line.children, 'net');
    if (sum === undefined || sum === net) return undefined;
    return { at: `${line.path}.net`, why: `net ${net / 100} is not the sum of its children's nets ${sum / 100}` };
  });
}

/** BV-00086..096: a Money's currency is given and is not SAR (an absent currency is the profile layer's finding). */
export function hasForeignCurrency(money: unknown): boolean {
  if (!isObject(money)) return false;
  const currency = money.currency;
  return currency !== undefined && currency !== 'SAR';
}

/** The problem of a Money at `at` (below the Claim) whose currency is not SAR. */
export function currencyProblem(money: JsonObject, at: string): LineProblem {
  return { at: `${at}.currency`, why: `currency ${String(money.currency)} is not SAR` };
}

/**
 * BV-00086..095: the currency of a Money of the lines of one level is SAR: `unitPrice`, `net`, or
 * the `valueMoney` of the NPHIES extension `extension` (`tax`, `payer-share`, `patient-share`).
 */
export function lineCurrencyRule(id: string, level: LineLevel, element: 'unitPrice' | 'net' | { readonly extension: string }): Rule {
  if (typeof element === 'string') {
    return claimLineRule(id, level, (line) => {
      const money = line.line[element];
      return hasForeignCurrency(money) ? currencyProblem(money as JsonObject, `${line.path}.${element}`) : undefined;
    });
  }
  const url = nphiesExtension(element.extension);
  return claimLineRule(id, level, (line) => {
    const index = extensionIndex(line.line, url);
    if (index < 0) return undefined;
    const money = (line.line.extension as JsonObject[])[index]!.valueMoney;
    return hasForeignCurrency(money) ? currencyProblem(money as JsonObject, `${line.path}.extension[${index}].valueMoney`) : undefined;
  });
}
