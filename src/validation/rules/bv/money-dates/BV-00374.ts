import { resourceRule, objects, type Problem } from './support.js';
import { firstCode } from '../../../../fhir/json.js';
import { moneyHalalas } from './money.js';

/**
 * BV-00374 "If Claim.total.category exists then the sum of the Claim.item.adjudication.amount SHALL match the Claim.total.amount where Claim.item.adjudication.category = Claim.total.category and ClaimResponse.outcome=”complete”".
 */
export const BV_00374 = resourceRule('BV-00374', 'ClaimResponse', 'focal', (response): Problem[] => {
  if (response.outcome !== 'complete') return [];
  const sums = new Map<string, number>();
  for (const { object: item } of objects(response.item)) {
    for (const { object: adjudication } of objects(item.adjudication)) {
      const category = firstCode(adjudication.category);
      const amount = moneyHalalas(adjudication.amount);
      if (category !== undefined && amount !== undefined) sums.set(category, (sums.get(category) ?? 0) + amount);
    }
  }
  return objects(response.total).flatMap(({ index, object }): Problem[] => {
    const category = firstCode(object.category);
    const amount = moneyHalalas(object.amount);
    if (category === undefined || amount === undefined) return [];
    const sum = sums.get(category) ?? 0;
    return sum === amount ? [] : [{ at: `total[${index}].amount`, why: `total ${category} ${amount / 100} is not the sum of item adjudications ${sum / 100}` }];
  });
});
