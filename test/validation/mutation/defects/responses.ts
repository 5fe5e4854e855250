/** Answer defects: claim, prior-authorization and eligibility responses that contradict their own outcome. */
import { claimResponseDefect, type Defect, extensionIndex, focalDefect, text } from './kit.js';

const ADJUDICATION_OUTCOME = 'extension-adjudication-outcome';

export const RESPONSE_DEFECTS: readonly Defect[] = [
  claimResponseDefect('approved-authorization-without-pre-auth-ref', (r) => {
    if (r.use !== 'preauthorization' || r.outcome !== 'complete' || r.preAuthRef === undefined) return undefined;
    delete r.preAuthRef;
    return ['BV-00386', 'preAuthRef'];
  }),
  claimResponseDefect('approved-authorization-without-period', (r) => {
    if (r.use !== 'preauthorization' || r.preAuthPeriod === undefined) return undefined;
    delete r.preAuthPeriod;
    return ['BV-00387', 'preAuthPeriod'];
  }),
  claimResponseDefect('queued-response-with-items', (r) => {
    if (!r.item?.length) return undefined;
    r.outcome = 'queued';
    return ['BV-00228', 'item'];
  }),
  claimResponseDefect('error-response-without-errors', (r) => {
    if (r.error !== undefined) return undefined;
    r.outcome = 'error';
    delete r.item;
    return ['BV-00505', 'error'];
  }),
  claimResponseDefect('complete-response-without-items', (r) => {
    if (r.outcome !== 'complete' || !r.item?.length) return undefined;
    delete r.item;
    return ['BV-00020', 'item'];
  }),
  claimResponseDefect('complete-response-without-insurance', (r) => {
    if (r.outcome !== 'complete' || !r.insurance) return undefined;
    delete r.insurance;
    return ['BV-00853', 'insurance'];
  }),
  claimResponseDefect('complete-response-without-adjudication-outcome', (r) => {
    const k = extensionIndex(r, ADJUDICATION_OUTCOME);
    if (r.outcome !== 'complete' || k < 0) return undefined;
    r.extension.splice(k, 1);
    if (r.extension.length === 0) delete r.extension;
    return ['BV-00250', 'extension'];
  }),
  claimResponseDefect('item-without-adjudication-outcome', (r) => {
    const k = extensionIndex(r.item?.[0], ADJUDICATION_OUTCOME);
    if (r.outcome !== 'complete' || k < 0) return undefined;
    r.item[0].extension.splice(k, 1);
    if (r.item[0].extension.length === 0) delete r.item[0].extension;
    return ['BV-00480', 'item[0].extension'];
  }),
  claimResponseDefect('approved-items-but-rejected-response', (r) => {
    const k = extensionIndex(r, ADJUDICATION_OUTCOME);
    const items = r.item ?? [];
    const allApproved = items.length > 0 && items.every((i: any) => i.extension?.[extensionIndex(i, ADJUDICATION_OUTCOME)]?.valueCodeableConcept?.coding?.[0]?.code === 'approved');
    if (k < 0 || !allApproved) return undefined;
    r.extension[k].valueCodeableConcept.coding[0].code = 'rejected';
    return ['BV-00393', `extension[${k}].valueCodeableConcept.coding[0].code`];
  }),
  claimResponseDefect('response-status-not-active', (r) => {
    r.status = 'cancelled';
    return ['BV-00232', 'status'];
  }),
  claimResponseDefect('response-use-not-its-event', (r) => {
    r.use = r.use === 'claim' ? 'preauthorization' : 'claim';
    return [r.use === 'claim' ? 'BV-00332' : 'BV-00333', 'use'];
  }),
  claimResponseDefect('response-without-request-identifier', (r) => {
    if (!r.request?.identifier) return undefined;
    delete r.request.identifier.value;
    return ['BV-00098', 'request'];
  }),
  claimResponseDefect('response-disposition-too-long', (r) => {
    r.disposition = text(251);
    return ['BV-00317', 'disposition'];
  }),
  claimResponseDefect('claim-response-item-without-tax', (r) => {
    if (r.use !== 'claim' || r.outcome !== 'complete' || !r.item?.[0]?.adjudication) return undefined;
    r.item[0].adjudication = r.item[0].adjudication.filter((a: any) => a.category?.coding?.[0]?.code !== 'tax');
    return ['BV-00497', 'item[0].adjudication'];
  }),
  focalDefect('response', 'eligibility-response-status-not-active', 'CoverageEligibilityResponse', undefined, (r) => {
    r.status = 'cancelled';
    return ['BV-00539', 'status'];
  }),
  focalDefect('response', 'eligibility-error-without-errors', 'CoverageEligibilityResponse', undefined, (r) => {
    if (r.outcome !== 'error' || !r.error) return undefined;
    delete r.error;
    return ['BV-00536', 'error'];
  }),
  focalDefect('response', 'eligibility-complete-without-site-eligibility', 'CoverageEligibilityResponse', undefined, (r) => {
    const k = extensionIndex(r, 'extension-siteEligibility');
    if (r.outcome !== 'complete' || k < 0) return undefined;
    r.extension.splice(k, 1);
    if (r.extension.length === 0) delete r.extension;
    return ['BV-00503', 'extension'];
  }),
  focalDefect('response', 'eligibility-disposition-too-long', 'CoverageEligibilityResponse', undefined, (r) => {
    r.disposition = text(251);
    return ['BV-00310', 'disposition'];
  }),
];
