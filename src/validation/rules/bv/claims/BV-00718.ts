import { othersTextRule } from './others-text.js';

/** BV-00718 "Claim.item.detail.extension.pharmacistSubstitute.coding.text SHALL be present when Claim.item.detail.extension.pharmacistSubstitute.coding.code="others"". */
export const BV_00718 = othersTextRule('BV-00718', 'detail', 'extension-pharmacist-substitute');
