import { claimLineRule } from './money.js';

/**
 * BV-00482 "Claim.item.factor SHALL be a positive decimal value".
 */
export const BV_00482 = claimLineRule('BV-00482', (line) =>
  line.level === 'item' && line.line.factor !== undefined && !(typeof line.line.factor === 'number' && line.line.factor > 0)
    ? { at: `${line.path}.factor`, why: 'factor must be a positive decimal' }
    : undefined,
);
