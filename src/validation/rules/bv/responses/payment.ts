/**
 * PaymentReconciliation (payer → provider) and PaymentNotice (provider → NPHIES) rules decidable
 * from the message: fixed values, currencies, sums, dates, and the parties against the header.
 */
import { asObject, firstCode } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { cents, dayOf, each, extensionNamed, isFuture, isPresent, licencesOf, organizationKind, resolved, resourceRule, tooLong } from './support.js';

const PR = ['PaymentReconciliation'];
const PN = ['PaymentNotice'];

/** BV-00053 "period end date SHALL be same or before paymentReconciliation.created date". */
export const BV_00053 = resourceRule('BV-00053', PR, (r, report) => {
  const end = dayOf(asObject(r.period)?.end);
  const created = dayOf(r.created);
  if (end !== undefined && created !== undefined && end > created) report('period.end', 'the period ends after the reconciliation was created');
});

/** BV-00082 "PaymentReconciliation.detail.amount.currency SHALL be SAR". */
export const BV_00082 = resourceRule('BV-00082', PR, (r, report) => {
  for (const { node, i } of each(r.detail)) {
    const currency = asObject(node.amount)?.currency;
    if (currency !== undefined && currency !== 'SAR') report(`detail[${i}].amount.currency`, 'currency must be SAR');
  }
});

/** BV-00083 "PaymentReconciliation.paymentAmount.currency SHALL be SAR". */
export const BV_00083 = resourceRule('BV-00083', PR, (r, report) => {
  const currency = asObject(r.paymentAmount)?.currency;
  if (currency !== undefined && currency !== 'SAR') report('paymentAmount.currency', 'currency must be SAR');
});

/** BV-00326 "PaymentReconciliation.disposition SHALL have maximum length of 250 characters". */
export const BV_00326 = resourceRule('BV-00326', PR, (r, report) => {
  if (tooLong(r.disposition, 250)) report('disposition', 'longer than 250 characters');
});

/** BV-00337 "PaymentReconciliation.status SHALL use the fixed value "active"". */
export const BV_00337 = resourceRule('BV-00337', PR, (r, report) => {
  if (r.status !== undefined && r.status !== 'active') report('status', 'status must be active');
});

/** BV-00338 "PaymentReconciliation.outcome SHALL use the fixed value "complete"". */
export const BV_00338 = resourceRule('BV-00338', PR, (r, report) => {
  if (r.outcome !== undefined && r.outcome !== 'complete') report('outcome', 'outcome must be complete');
});

/** BV-00352 "PaymentReconciliation.detail.payee SHALL refer to an organization where Organization.identifier is equal to the MessageHeader.destination". */
export const BV_00352 = resourceRule('BV-00352', PR, (r, report, scope) => {
  const receivers = scope.message.envelope.receivers.map((l) => l.value);
  for (const { node, i } of each(r.detail)) {
    const named = node.payee === undefined ? undefined : licencesOf(node.payee, scope);
    if (named && receivers.length > 0 && !named.some((l) => receivers.includes(l))) report(`detail[${i}].payee`, 'the payee is not the MessageHeader destination');
  }
});

/** BV-00353 "PaymentReconciliation.detail.submitter SHALL be a provider". */
export const BV_00353 = resourceRule('BV-00353', PR, (r, report, scope) => {
  for (const { node, i } of each(r.detail)) {
    const target = resolved(node.submitter, scope);
    if (target && target.resourceType === 'Organization' && organizationKind(target) !== 'provider') report(`detail[${i}].submitter`, 'the submitter is not a provider');
  }
});

/** BV-00354 "PaymentReconciliation.paymentAmount.value SHALL be equal to the sum of PaymentReconciliation.detail.amount.value for all the listed details". */
export const BV_00354 = resourceRule('BV-00354', PR, (r, report) => {
  const total = cents(asObject(r.paymentAmount)?.value);
  const amounts = each(r.detail).map(({ node }) => cents(asObject(node.amount)?.value));
  if (total === undefined || amounts.length === 0 || amounts.some((a) => a === undefined)) return;
  const sum = amounts.reduce<number>((s, a) => s + (a ?? 0), 0);
  if (sum !== total) report('paymentAmount.value', `the details sum to ${(sum / 100).toFixed(2)}`);
});

const PAID = ['payment', 'adjustment'];

/** BV-00355 "PaymentReconciliation.detail.request SHALL exist if PaymentReconciliation.detail.paymentType is one of these values ( "Payment" ,"Adjustment")". */
export const BV_00355 = resourceRule('BV-00355', PR, (r, report) => {
  for (const { node, i } of each(r.detail)) if (PAID.includes(firstCode(node.type) ?? '') && !isPresent(node.request)) report(`detail[${i}].request`, 'a payment or adjustment names its claim');
});

/** BV-00370 "PaymentReconciliation.detail.response SHALL exist if PaymentReconciliation.detail.paymentType is one of these values ( "Payment" ,"Adjustment")". */
export const BV_00370 = resourceRule('BV-00370', PR, (r, report) => {
  for (const { node, i } of each(r.detail)) if (PAID.includes(firstCode(node.type) ?? '') && !isPresent(node.response)) report(`detail[${i}].response`, 'a payment or adjustment names its claim response');
});

/** BV-00361 "PaymentReconciliation.created date SHALL be before or equal to the current date". */
export const BV_00361 = resourceRule('BV-00361', PR, (r, report, { context }) => {
  if (isFuture(r.created, context.now())) report('created', 'created is in the future');
});

/** BV-00470 "PaymentReconciliation.paymentAmount SHALL contain zero or a positive value". */
export const BV_00470 = resourceRule('BV-00470', PR, (r, report) => {
  const value = cents(asObject(r.paymentAmount)?.value);
  if (value !== undefined && value < 0) report('paymentAmount.value', 'the payment amount is negative');
});

const COMPONENTS = ['extension-component-payment', 'extension-component-early-fee', 'extension-component-nphies-fee'];

/**
 * BV-00479 "PaymentReconciliation.detail.amount SHALL be equal to the sum of PaymentReconciliation.detail.extension.component-payment,
 * PaymentReconciliation.detail.extension.component-early-fee and PaymentReconciliation.detail.extension.component-nphies-fee".
 */
export const BV_00479 = resourceRule('BV-00479', PR, (r, report) => {
  for (const { node, i } of each(r.detail)) {
    const parts = COMPONENTS.map((name) => extensionNamed(node, name)).filter((x) => x !== undefined);
    const amount = cents(asObject(node.amount)?.value);
    if (parts.length === 0 || amount === undefined) continue;
    const values = parts.map((p) => cents(asObject(p.ext.valueMoney)?.value));
    if (values.some((v) => v === undefined)) continue;
    const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
    if (sum !== amount) report(`detail[${i}].amount.value`, `the components sum to ${(sum / 100).toFixed(2)}`);
  }
});

/** BV-00491 "PaymentReconciliation.requestor and PaymentReconciliation.detail.payee SHALL refer to the same provider organization". */
export const BV_00491 = resourceRule('BV-00491', PR, (r, report, scope) => {
  const requestor = licencesOf(r.requestor, scope);
  if (!requestor) return;
  for (const { node, i } of each(r.detail)) {
    const payee = node.payee === undefined ? undefined : licencesOf(node.payee, scope);
    if (payee && !payee.some((l) => requestor.includes(l))) report(`detail[${i}].payee`, 'the payee is not the requestor');
  }
});

/** BV-00091 "PaymentNotice.amount.currency SHALL be SAR". */
export const BV_00091 = resourceRule('BV-00091', PN, (r, report) => {
  const currency = asObject(r.amount)?.currency;
  if (currency !== undefined && currency !== 'SAR') report('amount.currency', 'currency must be SAR');
});

/** BV-00336 "PaymentNotice.status SHALL use the fixed value "active"". */
export const BV_00336 = resourceRule('BV-00336', PN, (r, report) => {
  if (r.status !== undefined && r.status !== 'active') report('status', 'status must be active');
});

/** BV-00358 "PaymentNotice.paymentDate SHALL be less than or equal to current date". */
export const BV_00358 = resourceRule('BV-00358', PN, (r, report, { context }) => {
  if (isFuture(r.paymentDate, context.now())) report('paymentDate', 'paymentDate is in the future');
});

function matchesSender(id: string, element: 'payee' | 'provider'): Rule {
  return resourceRule(id, PN, (r, report, scope) => {
    const sender = scope.message.envelope.sender?.value;
    const named = licencesOf(r[element], scope);
    if (sender !== undefined && named && !named.includes(sender)) report(element, `PaymentNotice.${element} is not the MessageHeader sender`);
  });
}
/** BV-00359 "PaymentNotice.payee SHALL match the MessageHeader.sender". */
export const BV_00359 = matchesSender('BV-00359', 'payee');
/** BV-00377 "PaymentNotice.provider SHALLL match the MessageHeader.sender". */
export const BV_00377 = matchesSender('BV-00377', 'provider');

/** BV-00378 "PaymentNotice.recipient SHALL be "NPHIES"". */
export const BV_00378 = resourceRule('BV-00378', PN, (r, report, scope) => {
  const named = licencesOf(r.recipient, scope);
  if (named && !named.includes(scope.context.gatewayLicence)) report('recipient', `the recipient of a payment notice is the hub (${scope.context.gatewayLicence})`);
});

/** BV-00469 "PaymentNotice.amount SHALL contain zero or a positive value". */
export const BV_00469 = resourceRule('BV-00469', PN, (r, report) => {
  const value = cents(asObject(r.amount)?.value);
  if (value !== undefined && value < 0) report('amount.value', 'the amount is negative');
});

export const PAYMENT_RULES: readonly Rule[] = [
  BV_00053, BV_00082, BV_00083, BV_00326, BV_00337, BV_00338, BV_00352, BV_00353, BV_00354, BV_00355, BV_00370, BV_00361,
  BV_00470, BV_00479, BV_00491, BV_00091, BV_00336, BV_00358, BV_00359, BV_00377, BV_00378, BV_00469,
];
