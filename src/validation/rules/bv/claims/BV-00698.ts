import { othersTextRule } from './others-text.js';

/** BV-00698 "Claim.item.extension.absenceOfScientificCode.coding.text SHALL be present when Claim.item.extension.absenceOfScientificCode.coding.code="others"". */
export const BV_00698 = othersTextRule('BV-00698', 'item', 'extension-absence-of-scientific-code');
