import { othersTextRule } from './others-text.js';

/** BV-00721 "Claim.item.detail.extension.absenceOfScientificCode.coding.text SHALL be present when Claim.item.detail.extension.absenceOfScientificCode.coding.code="others"". */
export const BV_00721 = othersTextRule('BV-00721', 'detail', 'extension-absence-of-scientific-code');
