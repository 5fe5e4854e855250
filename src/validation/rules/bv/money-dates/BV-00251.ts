import { netProductRule } from './money.js';

/**
 * BV-00251 "Claim.item.net SHALL be equal to ((claim.item.quantity * Claim.item.unitPrice) * Claim.item.factor) + Claim.item.extension.tax). If factor is missing, its value =1. if tax is missing, its value=0".
 */
export const BV_00251 = netProductRule('BV-00251', 'item');
