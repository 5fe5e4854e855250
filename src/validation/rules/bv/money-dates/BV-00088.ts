import { lineCurrencyRule } from './money.js';

/**
 * BV-00088 "Claim.item.extension.patientShare.currency SHALL be SAR".
 */
export const BV_00088 = lineCurrencyRule('BV-00088', 'item', { extension: 'patient-share' });
