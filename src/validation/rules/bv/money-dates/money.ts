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
 */
import { asObject, type JsonObject } from '../../../../fhir/json.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { extensionOf, focalOf, isPackage, objects } from './support.js';

/** Rounding slack of the product rules, in halalas (see above). */
export const PRODUCT_TOLERANCE_HALALAS = 1;

export function halalas(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : undefined;
}

/** The amount of a Money element in halalas. */
export function moneyHalalas(money: unknown): number | undefined {
  return halalas(asObject(money)?.value);
}

/** More than two decimals (1e-6 absorbs the binary error of `value × 100`, e.g. 0.29 × 100 = 28.999999999999996). */
export function hasFractionOfHalala(value: number): boolean {
  return Math.abs(value * 100 - Math.round(value * 100)) > 1e-6;
}

export type LineLevel = 'item' | 'detail' | 'subDetail';

/** One priced line of a Claim: an item, a detail or a sub-detail, with its FHIRPath below the Claim. */
export interface ClaimLine {
  readonly level: LineLevel;
  readonly path: string;
  readonly line: JsonObject;
  /** The item the line belongs to (itself for an item): its package flag governs the children. */
  readonly item: JsonObject;
}

export function claimLines(claim: JsonObject): ClaimLine[] {
  const lines: ClaimLine[] = [];
  for (const { index: i, object: item } of objects(claim.item)) {
    lines.push({ level: 'item', path: `item[${i}]`, line: item, item });
    for (const { index: d, object: detail } of objects(item.detail)) {
      lines.push({ level: 'detail', path: `item[${i}].detail[${d}]`, line: detail, item });
      for (const { index: s, object: sub } of objects(detail.subDetail)) {
        lines.push({ level: 'subDetail', path: `item[${i}].detail[${d}].subDetail[${s}]`, line: sub, item });
      }
    }
  }
  return lines;
}

const CHILDREN: Record<LineLevel, string | undefined> = { item: 'detail', detail: 'subDetail', subDetail: undefined };

/** The line's children (details of an item, sub-details of a detail). */
export function childrenOf(line: ClaimLine): JsonObject[] {
  const key = CHILDREN[line.level];
  return key === undefined ? [] : objects(line.line[key]).map((c) => c.object);
}

/** Runs `check` on every line of every focal Claim; `check` returns the sub-path at fault and a diagnostic. */
export function claimLineRule(
  id: string,
  check: (line: ClaimLine, claim: JsonObject) => { at: string; why: string } | undefined,
): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const entry of focalOf(message, 'Claim')) {
        const claim = entry.resource!;
        for (const line of claimLines(claim)) {
          const problem = check(line, claim);
          if (problem) findings.push(error(id, entryPath(message, entry.index, problem.at), problem.why));
        }
      }
      return findings;
    },
  };
}

/**
 * BV-00251, BV-00434, BV-00435: `net = quantity × unitPrice × factor + tax` on one level.
 * A missing factor is 1 and a missing tax 0 (the rules say so); a missing quantity, unitPrice or
 * net is a cardinality question for the profile layer, so the line is skipped.
 */
export function netProductRule(id: string, level: LineLevel, applies: (line: ClaimLine) => boolean = () => true): Rule {
  return claimLineRule(id, (line) => {
    if (line.level !== level || !applies(line)) return undefined;
    const quantity = asObject(line.line.quantity)?.value;
    const unitPrice = moneyHalalas(line.line.unitPrice);
    const net = moneyHalalas(line.line.net);
    if (typeof quantity !== 'number' || unitPrice === undefined || net === undefined) return undefined;
    const factor = typeof line.line.factor === 'number' ? line.line.factor : 1;
    const tax = moneyHalalas(extensionOf(line.line, 'tax')?.extension.valueMoney) ?? 0;
    const expected = quantity * unitPrice * factor + tax;
    if (Math.abs(expected - net) <= PRODUCT_TOLERANCE_HALALAS + 1e-9) return undefined;
    return { at: `${line.path}.net`, why: `net ${net / 100} is not quantity × unitPrice × factor + tax = ${(Math.round(expected) / 100).toFixed(2)}` };
  });
}

/**
 * BV-00224, BV-00254, BV-00433: a non-package line with children is worth exactly the sum of its
 * children's nets (two-decimal amounts, so no rounding slack).
 */
export function netSumRule(id: string, level: LineLevel, applies: (line: ClaimLine) => boolean = () => true): Rule {
  return claimLineRule(id, (line) => {
    if (line.level !== level || isPackage(line.item) || !applies(line)) return undefined;
    const children = childrenOf(line);
    if (children.length === 0) return undefined;
    const net = moneyHalalas(line.line.net);
    const parts = children.map((child) => moneyHalalas(child.net));
    if (net === undefined || parts.some((p) => p === undefined)) return undefined;
    const sum = parts.reduce<number>((a, b) => a + b!, 0);
    if (sum === net) return undefined;
    return { at: `${line.path}.net`, why: `net ${net / 100} is not the sum of its children's nets ${sum / 100}` };
  });
}

/** A Money element of a focal Claim, located by a function of the line or of the Claim itself. */
export interface MoneyAt {
  readonly at: string;
  readonly money: unknown;
}

/** BV-00086..096: the currency of one kind of amount is SAR. An absent currency is the profile layer's finding. */
export function claimCurrencyRule(id: string, locate: (claim: JsonObject, message: MessageUnderTest) => MoneyAt[]): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const entry of focalOf(message, 'Claim')) {
        for (const { at, money } of locate(entry.resource!, message)) {
          const currency = asObject(money)?.currency;
          if (currency !== undefined && currency !== 'SAR') {
            findings.push(error(id, entryPath(message, entry.index, `${at}.currency`), `currency ${String(currency)} is not SAR`));
          }
        }
      }
      return findings;
    },
  };
}

/** Money elements of the lines of one level: `unitPrice`, `net`, or an extension such as `tax`. */
export function lineMoney(claim: JsonObject, level: LineLevel, element: string): MoneyAt[] {
  return claimLines(claim)
    .filter((line) => line.level === level)
    .flatMap((line): MoneyAt[] => {
      if (element === 'unitPrice' || element === 'net') return line.line[element] === undefined ? [] : [{ at: `${line.path}.${element}`, money: line.line[element] }];
      const found = extensionOf(line.line, element);
      return found ? [{ at: `${line.path}.extension[${found.index}].valueMoney`, money: found.extension.valueMoney }] : [];
    });
}
