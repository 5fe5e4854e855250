import { claimLineRule } from './money.js';

/**
 * BV-00482 "Claim.item.factor SHALL be a positive decimal value".
 */
export const BV_00482 = claimLineRule('BV-00482', 'item', (line) => {
  const factor = line.line.factor;
  return factor !== undefined && !(typeof factor === 'number' && factor > 0) ? { at: `${line.path}.factor`, why: 'factor must be a positive decimal' } : undefined;
});
