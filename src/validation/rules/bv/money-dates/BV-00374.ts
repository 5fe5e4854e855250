import { asArray, firstCode } from '../../../../fhir/json.js';
import { isObject, NO_PROBLEMS, resourceRule, type Problem } from './support.js';
import { moneyHalalas } from './money.js';

/**
 * BV-00374 "If Claim.total.category exists then the sum of the Claim.item.adjudication.amount SHALL match the Claim.total.amount where Claim.item.adjudication.category = Claim.total.category and ClaimResponse.outcome=”complete”".
 */
export const BV_00374 = resourceRule('BV-00374', 'ClaimResponse', 'focal', (response) => {
  if (response.outcome !== 'complete') return NO_PROBLEMS;
  const sums = new Map<string, number>();
  for (const item of asArray(response.item)) {
    if (!isObject(item)) continue;
    for (const adjudication of asArray(item.adjudication)) {
      if (!isObject(adjudication)) continue;
      const category = firstCode(adjudication.category);
      const amount = moneyHalalas(adjudication.amount);
      if (category !== undefined && amount !== undefined) sums.set(category, (sums.get(category) ?? 0) + amount);
    }
  }
  let problems: Problem[] | undefined;
  const totals = asArray(response.total);
  for (let index = 0; index < totals.length; index++) {
    const total = totals[index];
    if (!isObject(total)) continue;
    const category = firstCode(total.category);
    const amount = moneyHalalas(total.amount);
    if (category === undefined || amount === undefined) continue;
    const sum = sums.get(category) ?? 0;
    if (sum !== amount) (problems ??= []).push({ at: `total[${index}].amount`, why: `total ${category} ${amount / 100} is not the sum of item adjudications ${sum / 100}` });
  }
  return problems ?? NO_PROBLEMS;
});
