/**
 * Supporting-information measurements and dates (BV-00406..00419, 00486..00490, 00509, 00787,
 * 00788, 00812..00819, 00926, 00927): a category that carries a quantity uses UCUM with the unit
 * the rule names; a category that carries a date or period has it.
 */
import { asObject, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { supportingInfos } from './claim-context.js';
import { resourceRule, type Problem } from './support.js';

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
  return resourceRule(id, 'Claim', 'focal', (claim) =>
    supportingInfos(claim, category).flatMap(({ at, info }): Problem[] => {
      if (spec.when && !spec.when(info)) return [];
      const quantity = asObject(info.valueQuantity);
      if (!quantity) return spec.required ? [{ at, why: `${category} needs a valueQuantity` }] : [];
      if (quantity.system !== UCUM) return [{ at: `${at}.valueQuantity.system`, why: `${category} quantity must use UCUM` }];
      if (spec.code !== undefined && quantity.code !== spec.code) {
        return [{ at: `${at}.valueQuantity.code`, why: `${category} quantity must use UCUM code ${spec.code}` }];
      }
      if (spec.valueRequired && typeof quantity.value !== 'number') return [{ at: `${at}.valueQuantity.value`, why: `${category} quantity needs a value` }];
      return [];
    }),
  );
}

/** BV-00812..00819: a vital sign carries either its measurement or the reason it was not measured. */
export function quantityOrReasonRule(id: string, category: string): Rule {
  return resourceRule(id, 'Claim', 'focal', (claim) =>
    supportingInfos(claim, category)
      .filter(({ info }) => info.valueQuantity === undefined && info.reason === undefined)
      .map(({ at }) => ({ at, why: `${category} needs a valueQuantity or a reason` })),
  );
}

/** BV-00406, 00409, 00490: a category that is about a moment or a span carries it. */
export function timingRule(id: string, category: string, element: 'timingDate' | 'timingPeriod', when?: (info: JsonObject) => boolean): Rule {
  return resourceRule(id, 'Claim', 'focal', (claim) =>
    supportingInfos(claim, category)
      .filter(({ info }) => (when ? when(info) : true) && info[element] === undefined)
      .map(({ at }) => ({ at, why: `${category} needs ${element}` })),
  );
}
