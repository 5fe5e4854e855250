import { othersTextRule } from './others-text.js';

/** BV-00722 "Claim.item.detail.subdetail.extension.absenceOfScientificCode.coding.text SHALL be present when Claim.item.detail.subdetail.extension.absenceOfScientificCode.coding.code="others"". */
export const BV_00722 = othersTextRule('BV-00722', 'subDetail', 'extension-absence-of-scientific-code');
