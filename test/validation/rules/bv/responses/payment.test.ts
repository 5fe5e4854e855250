import { R, S, focal as pay, FUTURE, LONG, runCases, type Case } from './cases.js';

const INSURER = 'http://sni.com.sa/Organization/11';

const CASES: Case[] = [
  { id: 'BV-00053', file: S.reconciliation, why: 'period ends after created', mutate: (b) => { pay(b).period.end = '2022-03-01'; }, expect: [`${R}.period.end`] },
  { id: 'BV-00082', file: S.reconciliation, why: 'detail amount in USD', mutate: (b) => { pay(b).detail[0].amount.currency = 'USD'; }, expect: [`${R}.detail[0].amount.currency`] },
  { id: 'BV-00083', file: S.reconciliation, why: 'payment amount in USD', mutate: (b) => { pay(b).paymentAmount.currency = 'USD'; }, expect: [`${R}.paymentAmount.currency`] },
  { id: 'BV-00326', file: S.reconciliation, why: 'disposition of 251 characters', mutate: (b) => { pay(b).disposition = LONG(251); }, expect: [`${R}.disposition`] },
  { id: 'BV-00337', file: S.reconciliation, why: 'status cancelled', mutate: (b) => { pay(b).status = 'cancelled'; }, expect: [`${R}.status`] },
  { id: 'BV-00338', file: S.reconciliation, why: 'outcome partial', mutate: (b) => { pay(b).outcome = 'partial'; }, expect: [`${R}.outcome`] },
  {
    id: 'BV-00352', file: S.reconciliation, why: 'header addressed to another provider',
    mutate: (b) => { b.entry[0].resource.destination[0].receiver.identifier.value = 'N-F-00099'; },
    expect: [`${R}.detail[0].payee`],
  },
  { id: 'BV-00353', file: S.reconciliation, why: 'submitter is the insurer', mutate: (b) => { pay(b).detail[0].submitter = { reference: INSURER }; }, expect: [`${R}.detail[0].submitter`] },
  { id: 'BV-00354', file: S.reconciliation, why: 'payment amount not the details sum', mutate: (b) => { pay(b).paymentAmount.value = 200; }, expect: [`${R}.paymentAmount.value`] },
  { id: 'BV-00355', file: S.reconciliation, why: 'payment without request', mutate: (b) => { delete pay(b).detail[0].request; }, expect: [`${R}.detail[0].request`] },
  { id: 'BV-00370', file: S.reconciliation, why: 'payment without response', mutate: (b) => { delete pay(b).detail[0].response; }, expect: [`${R}.detail[0].response`] },
  { id: 'BV-00361', file: S.reconciliation, why: 'created in the future', mutate: (b) => { pay(b).created = FUTURE; }, expect: [`${R}.created`] },
  {
    id: 'BV-00470', file: S.reconciliation, why: 'negative payment',
    mutate: (b) => { pay(b).paymentAmount.value = -193.55; pay(b).detail[0].amount.value = -193.55; },
    expect: [`${R}.paymentAmount.value`],
  },
  {
    id: 'BV-00479', file: S.reconciliation, why: 'components do not add up',
    mutate: (b) => { pay(b).detail[0].extension[0].valueMoney.value = 190; },
    expect: [`${R}.detail[0].amount.value`],
  },
  { id: 'BV-00491', file: S.reconciliation, why: 'payee is not the requestor', mutate: (b) => { pay(b).detail[0].payee = { reference: INSURER }; }, expect: [`${R}.detail[0].payee`] },
  { id: 'BV-00091', file: S.notice, why: 'amount in USD', mutate: (b) => { pay(b).amount.currency = 'USD'; }, expect: [`${R}.amount.currency`] },
  { id: 'BV-00336', file: S.notice, why: 'status draft', mutate: (b) => { pay(b).status = 'draft'; }, expect: [`${R}.status`] },
  { id: 'BV-00358', file: S.notice, why: 'paymentDate in the future', mutate: (b) => { pay(b).paymentDate = FUTURE; }, expect: [`${R}.paymentDate`] },
  { id: 'BV-00359', file: S.notice, why: 'sent by another provider', mutate: (b) => { b.entry[0].resource.sender.identifier.value = 'N-F-00099'; }, expect: [`${R}.payee`] },
  { id: 'BV-00377', file: S.notice, why: 'sent by another provider', mutate: (b) => { b.entry[0].resource.sender.identifier.value = 'N-F-00099'; }, expect: [`${R}.provider`] },
  { id: 'BV-00378', file: S.notice, why: 'recipient is a payer', mutate: (b) => { pay(b).recipient.identifier.value = 'N-I-00001'; }, expect: [`${R}.recipient`] },
  { id: 'BV-00469', file: S.notice, why: 'negative amount', mutate: (b) => { pay(b).amount.value = -1; }, expect: [`${R}.amount.value`] },
];

runCases('PaymentReconciliation and PaymentNotice rules on the official samples', CASES);
