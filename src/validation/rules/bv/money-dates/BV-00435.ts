import { netProductRule } from './money.js';

/**
 * BV-00435 "Claim.item.detail.subDetail.net SHALL be equal to ((claim.item.detail.subDetail.quantity * Claim.item.detail.subDetail.unitPrice) * Claim.item.detail.subDetail.factor) + Claim.item.detail.subDetail.extension.tax). If factor is missing, its value =1. if tax is missing, its value=0".
 */
export const BV_00435 = netProductRule('BV-00435', 'subDetail');
