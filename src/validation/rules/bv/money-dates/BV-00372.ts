import { claimLineRule, moneyHalalas, childrenOf } from './money.js';
import { isPackage } from './support.js';

/**
 * BV-00372 "If Claim.item[n].detail exists and NOT a package, then, Claim.item[n].unitPrice SHALL be the sum of Claim.item[n].detail.unitPrice".
 */
export const BV_00372 = claimLineRule('BV-00372', (line) => {
  if (line.level !== 'item' || isPackage(line.item)) return undefined;
  const details = childrenOf(line);
  if (details.length === 0) return undefined;
  const unitPrice = moneyHalalas(line.line.unitPrice);
  const parts = details.map((detail) => moneyHalalas(detail.unitPrice));
  if (unitPrice === undefined || parts.some((p) => p === undefined)) return undefined;
  const sum = parts.reduce<number>((a, b) => a + b!, 0);
  return sum === unitPrice ? undefined : { at: `${line.path}.unitPrice`, why: `unitPrice ${unitPrice / 100} is not the sum of detail unit prices ${sum / 100}` };
});
