/**
 * Supporting-information measurements and dates (BV-00406..00419, 00486..00490, 00509, 00787,
 * 00788, 00812..00819, 00926, 00927): a category that carries a quantity uses UCUM with the unit
 * the rule names; a category that carries a date or period has it. The supporting information of
 * each category is read once per message (`ClaimView.infosOf`), so a rule whose category the claim
 * does not use costs one lookup.
 */
import type { JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimRule } from './claim-context.js';
import { isObject, NO_PROBLEMS, type Problem } from './support.js';

export const UCUM = 'http://unitsofmeasure.org';

export interface QuantityRuleSpec {
  /** The valueQuantity must exist (otherwise the rule applies only when it does). */
  readonly required: boolean;
  /** The UCUM code the quantity must use, when the rule names one. */
  readonly code?: string;
  /** valueQuantity.value must exist. */
  readonly valueRequired?: boolean;
  /** Only supporting information this predicate accepts (e.g. lab tests of given LOINC codes). */
  readonly when?: (info: JsonObject) => boolean;
}

/** The quantity of each supporting information of `category` exists (if required) and is UCUM with `code`. */
export function quantityRule(id: string, category: string, spec: QuantityRuleSpec): Rule {
  return claimRule(id, (claim) => {
    let problems: Problem[] | undefined;
    for (const { index, info } of claim.infosOf(category)) {
      const problem = quantityProblem(info, index, category, spec);
      if (problem) (problems ??= []).push(problem);
    }
    return problems ?? NO_PROBLEMS;
  });
}

function quantityProblem(info: JsonObject, index: number, category: string, spec: QuantityRuleSpec): Problem | undefined {
  if (spec.when && !spec.when(info)) return undefined;
  const quantity = info.valueQuantity;
  if (!isObject(quantity)) return spec.required ? { at: infoPath(index, ''), why: `${category} needs a valueQuantity` } : undefined;
  if (quantity.system !== UCUM) return { at: infoPath(index, '.valueQuantity.system'), why: `${category} quantity must use UCUM` };
  if (spec.code !== undefined && quantity.code !== spec.code) return { at: infoPath(index, '.valueQuantity.code'), why: `${category} quantity must use UCUM code ${spec.code}` };
  if (spec.valueRequired && typeof quantity.value !== 'number') return { at: infoPath(index, '.valueQuantity.value'), why: `${category} quantity needs a value` };
  return undefined;
}

/** `supportingInfo[i]` and a sub-path, for a problem (built only when there is one). */
function infoPath(index: number, sub: string): string {
  return `supportingInfo[${index}]${sub}`;
}

/** BV-00812..00819: a vital sign carries either its measurement or the reason it was not measured. */
export function quantityOrReasonRule(id: string, category: string): Rule {
  return claimRule(id, (claim) => {
    let problems: Problem[] | undefined;
    for (const { index, info } of claim.infosOf(category)) {
      if (info.valueQuantity === undefined && info.reason === undefined) (problems ??= []).push({ at: infoPath(index, ''), why: `${category} needs a valueQuantity or a reason` });
    }
    return problems ?? NO_PROBLEMS;
  });
}

/** BV-00406, 00409, 00490: a category that is about a moment or a span carries it. */
export function timingRule(id: string, category: string, element: 'timingDate' | 'timingPeriod', when?: (info: JsonObject) => boolean): Rule {
  return claimRule(id, (claim) => {
    let problems: Problem[] | undefined;
    for (const { index, info } of claim.infosOf(category)) {
      if ((when ? when(info) : true) && info[element] === undefined) (problems ??= []).push({ at: infoPath(index, ''), why: `${category} needs ${element}` });
    }
    return problems ?? NO_PROBLEMS;
  });
}
