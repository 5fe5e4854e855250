import { claimRule } from './claim-context.js';
import { moneyHalalas } from './money.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00059 "Claim.total SHALL be equal to sum of Claim.item.net".
 */
export const BV_00059 = claimRule('BV-00059', (claim) => {
  const total = moneyHalalas(claim.claim.total);
  if (total === undefined || claim.items.length === 0) return NO_PROBLEMS;
  // Two-decimal amounts add up exactly in halalas; an item without net is the profile layer's finding.
  let sum = 0;
  for (const { item } of claim.items) {
    const net = moneyHalalas(item.net);
    if (net === undefined) return NO_PROBLEMS;
    sum += net;
  }
  return sum === total ? NO_PROBLEMS : [{ at: 'total', why: `total ${total / 100} is not the sum of item nets ${sum / 100}` }];
});
