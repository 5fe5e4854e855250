import { netProductRule } from './money.js';

/**
 * BV-00434 "If Claim.item.detail has no children, or, is NOT a package then Claim.item.detail.net SHALL be equal to ((claim.item.detail.quantity * Claim.item.detail.unitPrice) * Claim.item.detail.factor) + Claim.item.detail.extension.tax). If factor is missing, its value =1. if tax is missing, its value=0".
 * Read as written: it applies unless the detail has sub-details and the item is a package.
 */
export const BV_00434 = netProductRule('BV-00434', 'detail', (line) => line.children.length === 0 || !line.inPackage);
