import { resourceRule, objects, type Problem } from './support.js';
import { moneyHalalas } from './money.js';

/**
 * BV-00059 "Claim.total SHALL be equal to sum of Claim.item.net".
 */
export const BV_00059 = resourceRule('BV-00059', 'Claim', 'focal', (claim): Problem[] => {
  const total = moneyHalalas(claim.total);
  const nets = objects(claim.item).map(({ object }) => moneyHalalas(object.net));
  // Two-decimal amounts add up exactly in halalas; an item without net is the profile layer's finding.
  if (total === undefined || nets.length === 0 || nets.some((n) => n === undefined)) return [];
  const sum = nets.reduce<number>((a, b) => a + b!, 0);
  return sum === total ? [] : [{ at: 'total', why: `total ${total / 100} is not the sum of item nets ${sum / 100}` }];
});
