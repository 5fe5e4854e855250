/** Money defects: sums and products that do not add up, amounts with a third decimal, currencies other than SAR. */
import { claimDefect, claimResponseDefect, type Defect, entryDefect, extensionIndex, focalDefect, indexOf, code } from './kit.js';

/** A claim line's currency set to USD: `lineOf` finds the Money (`[code, sub]`) on the focal Claim. */
const usd = (id: string, rule: string, lineOf: (claim: any) => [any, string] | undefined): Defect =>
  claimDefect('money', id, (claim) => {
    const found = lineOf(claim);
    if (!found?.[0]?.currency) return undefined;
    found[0].currency = 'USD';
    return [rule, `${found[1]}.currency`];
  });

/** The first item's extension Money of `name` (tax, patient-share, payer-share). */
const itemExtensionMoney = (name: string) => (claim: any): [any, string] | undefined => {
  const k = extensionIndex(claim.item?.[0], name);
  return k < 0 ? undefined : [claim.item[0].extension[k].valueMoney, `item[0].extension[${k}].valueMoney`];
};

/** The first item that has details, with its index. */
const itemWithDetails = (claim: any): number => indexOf(claim.item, (i: any) => Array.isArray(i.detail) && i.detail.length > 0);

export const MONEY_DEFECTS: readonly Defect[] = [
  claimDefect('money', 'item-net-not-quantity-times-price', (claim) => {
    const item = claim.item?.[0];
    if (typeof item?.net?.value !== 'number') return undefined;
    item.net.value += 10;
    return ['BV-00251', 'item[0].net'];
  }),
  claimDefect('money', 'claim-total-not-sum-of-nets', (claim) => {
    if (typeof claim.total?.value !== 'number') return undefined;
    claim.total.value += 1;
    return ['BV-00059', 'total'];
  }),
  claimDefect('money', 'item-factor-not-positive', (claim) => {
    if (!claim.item?.[0]) return undefined;
    claim.item[0].factor = -1;
    return ['BV-00482', 'item[0].factor'];
  }),
  claimDefect('money', 'item-unit-price-three-decimals', (claim) => {
    const price = claim.item?.[0]?.unitPrice;
    if (typeof price?.value !== 'number') return undefined;
    price.value += 0.005;
    return ['GE-00028', 'item[0].unitPrice'];
  }),
  claimDefect('money', 'detail-net-not-quantity-times-price', (claim) => {
    const i = itemWithDetails(claim);
    const detail = claim.item?.[i]?.detail?.[0];
    if (typeof detail?.net?.value !== 'number') return undefined;
    detail.net.value += 10;
    return ['BV-00434', `item[${i}].detail[0].net`];
  }),
  usd('item-unit-price-not-sar', 'BV-00092', (claim) => claim.item?.[0] && [claim.item[0].unitPrice, 'item[0].unitPrice']),
  usd('item-net-not-sar', 'BV-00093', (claim) => claim.item?.[0] && [claim.item[0].net, 'item[0].net']),
  usd('claim-total-not-sar', 'BV-00096', (claim) => [claim.total, 'total']),
  usd('item-tax-not-sar', 'BV-00086', itemExtensionMoney('extension-tax')),
  usd('item-payer-share-not-sar', 'BV-00087', itemExtensionMoney('extension-payer-share')),
  usd('item-patient-share-not-sar', 'BV-00088', itemExtensionMoney('extension-patient-share')),
  usd('detail-unit-price-not-sar', 'BV-00094', (claim) => {
    const i = itemWithDetails(claim);
    return i < 0 ? undefined : [claim.item[i].detail[0].unitPrice, `item[${i}].detail[0].unitPrice`];
  }),
  entryDefect('money', 'coverage-cost-to-beneficiary-not-sar', 'Coverage', (coverage) => {
    const k = indexOf(coverage.costToBeneficiary, (c: any) => c.valueMoney?.currency);
    if (k < 0) return undefined;
    coverage.costToBeneficiary[k].valueMoney.currency = 'USD';
    return ['BV-00090', `costToBeneficiary[${k}].valueMoney.currency`];
  }),
  claimResponseDefect('response-total-not-sar', (r) => {
    if (!r.total?.[0]?.amount?.currency) return undefined;
    r.total[0].amount.currency = 'USD';
    return ['BV-00229', 'total[0].amount.currency'];
  }),
  claimResponseDefect('response-adjudication-amount-not-sar', (r) => {
    const j = indexOf(r.item?.[0]?.adjudication, (a: any) => a.amount?.currency);
    if (j < 0) return undefined;
    r.item[0].adjudication[j].amount.currency = 'USD';
    return ['BV-00458', `item[0].adjudication[${j}].amount.currency`];
  }),
  claimResponseDefect('response-adjudication-amount-three-decimals', (r) => {
    const j = indexOf(r.item?.[0]?.adjudication, (a: any) => typeof a.amount?.value === 'number');
    if (j < 0) return undefined;
    r.item[0].adjudication[j].amount.value += 0.001;
    return ['GE-00028', `item[0].adjudication[${j}].amount`];
  }),
  claimResponseDefect('response-eligible-above-submitted', (r) => {
    const adjudication = r.item?.[0]?.adjudication;
    const submitted = indexOf(adjudication, (a: any) => code(a.category) === 'submitted');
    const eligible = indexOf(adjudication, (a: any) => code(a.category) === 'eligible');
    if (submitted < 0 || eligible < 0 || typeof adjudication[submitted].amount?.value !== 'number') return undefined;
    adjudication[eligible].amount.value = adjudication[submitted].amount.value + 100;
    return ['BV-00450', `item[0].adjudication[${eligible}].amount`];
  }),
  focalDefect('money', 'payment-notice-amount-not-sar', 'PaymentNotice', undefined, (notice) => {
    if (!notice.amount?.currency) return undefined;
    notice.amount.currency = 'USD';
    return ['BV-00091', 'amount.currency'];
  }),
  focalDefect('money', 'payment-notice-amount-negative', 'PaymentNotice', undefined, (notice) => {
    if (typeof notice.amount?.value !== 'number') return undefined;
    notice.amount.value = -Math.abs(notice.amount.value) - 1;
    return ['BV-00469', 'amount.value'];
  }),
  focalDefect('money', 'reconciliation-payment-not-sar', 'PaymentReconciliation', undefined, (rec) => {
    if (!rec.paymentAmount?.currency) return undefined;
    rec.paymentAmount.currency = 'USD';
    return ['BV-00083', 'paymentAmount.currency'];
  }),
  focalDefect('money', 'reconciliation-payment-not-sum-of-details', 'PaymentReconciliation', undefined, (rec) => {
    if (typeof rec.paymentAmount?.value !== 'number' || !rec.detail?.length) return undefined;
    rec.paymentAmount.value += 1;
    return ['BV-00354', 'paymentAmount.value'];
  }),
  focalDefect('money', 'eligibility-benefit-allowed-not-sar', 'CoverageEligibilityResponse', undefined, (r) => {
    for (const [i, insurance] of (r.insurance ?? []).entries()) {
      for (const [j, item] of (insurance.item ?? []).entries()) {
        for (const [k, benefit] of (item.benefit ?? []).entries()) {
          if (!benefit.allowedMoney?.currency) continue;
          benefit.allowedMoney.currency = 'USD';
          return ['BV-00084', `insurance[${i}].item[${j}].benefit[${k}].allowedMoney.currency`];
        }
      }
    }
    return undefined;
  }),
];
