import { othersTextRule } from './others-text.js';

/** BV-00719 "Claim.item.extension.pharmacistSubstitute.coding.text SHALL be present when Claim.item.extension.pharmacistSubstitute.coding.code="others"". */
export const BV_00719 = othersTextRule('BV-00719', 'item', 'extension-pharmacist-substitute');
