import { netSumRule, moneyHalalas, type ClaimLine } from './money.js';

/**
 * BV-00433 "If Claim.item.detail has children and not a package, then, Claim.item.detail.net SHALL be equal to the sum of Claim.item.detail.subDetail.net and not shadow billing".
 * Shadow billing (sample 19) lists the contents of a bill at zero price: a detail whose sub-details are all priced at zero is shadow billing and is left out.
 */
export const BV_00433 = netSumRule('BV-00433', 'detail', isPriced);

/** Some sub-detail has a non-zero net (an absent net counts as zero). */
function isPriced(line: ClaimLine): boolean {
  for (const child of line.children) if ((moneyHalalas(child.net) ?? 0) !== 0) return true;
  return false;
}
