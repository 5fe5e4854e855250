import { claimLineRule, moneyHalalas, sumHalalas } from './money.js';

/**
 * BV-00372 "If Claim.item[n].detail exists and NOT a package, then, Claim.item[n].unitPrice SHALL be the sum of Claim.item[n].detail.unitPrice".
 */
export const BV_00372 = claimLineRule('BV-00372', 'item', (line) => {
  if (line.inPackage || line.children.length === 0) return undefined;
  const unitPrice = moneyHalalas(line.line.unitPrice);
  if (unitPrice === undefined) return undefined;
  const sum = sumHalalas(line.children, 'unitPrice');
  return sum === undefined || sum === unitPrice ? undefined : { at: `${line.path}.unitPrice`, why: `unitPrice ${unitPrice / 100} is not the sum of detail unit prices ${sum / 100}` };
});
