import { firstCode } from '../../../../fhir/json.js';
import { timingRule } from './supporting-info.js';

/**
 * BV-00406 "If Claim.supportingInfo.category.coding.code="missingtooth" and the reason code=”extraction” then Claim.supportingInfo.timingDate SHALL exist".
 * Extraction is code `e` of http://nphies.sa/terminology/CodeSystem/missing-tooth-reason.
 */
export const BV_00406 = timingRule('BV-00406', 'missingtooth', 'timingDate', (info) => firstCode(info.reason) === 'e');
