import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00088 "Claim.item.extension.patientShare.currency SHALL be SAR".
 */
export const BV_00088 = claimCurrencyRule('BV-00088', (claim) => lineMoney(claim, 'item', 'patient-share'));
