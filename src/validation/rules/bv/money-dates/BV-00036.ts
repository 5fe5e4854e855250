import { claimLineRule } from './money.js';

/**
 * BV-00036 "If the package flag is YES, then at least one item.detail SHALL be required.".
 */
export const BV_00036 = claimLineRule('BV-00036', 'item', (line) =>
  line.inPackage && line.children.length === 0 ? { at: line.path, why: 'a package item needs at least one detail' } : undefined,
);
