import { R, S, focal as cr, FUTURE, LONG, LONG_AR, runCases, type Case } from './cases.js';

const outcomeCode = (node: any, code: string): void => {
  node.extension.find((e: any) => e.url.endsWith('/extension-adjudication-outcome')).valueCodeableConcept.coding[0].code = code;
};
const dropCategory = (item: any, code: string): void => {
  item.adjudication = item.adjudication.filter((a: any) => a.category.coding[0].code !== code);
};

const CASES: Case[] = [
  { id: 'BV-00065', file: S.claim, why: 'created in the future', mutate: (b) => { cr(b).created = FUTURE; }, expect: [`${R}.created`] },
  { id: 'BV-00020', file: S.claim, why: 'complete without items', mutate: (b) => { delete cr(b).item; }, expect: [`${R}.item`] },
  { id: 'BV-00255', file: S.auth, why: 'complete without items', mutate: (b) => { cr(b).item = []; }, expect: [`${R}.item`] },
  { id: 'BV-00228', file: S.claim, why: 'queued with items', mutate: (b) => { cr(b).outcome = 'queued'; }, expect: [`${R}.item`] },
  { id: 'BV-00022', file: S.claim, why: 'complete claim without total', mutate: (b) => { delete cr(b).total; }, expect: [`${R}.total`] },
  { id: 'BV-00023', file: S.auth, why: 'prior authorization without total', mutate: (b) => { delete cr(b).total; }, expect: [`${R}.total`] },
  { id: 'BV-00229', file: S.claim, why: 'total in USD', mutate: (b) => { cr(b).total[1].amount.currency = 'USD'; }, expect: [`${R}.total[1].amount.currency`] },
  { id: 'BV-00458', file: S.claim, why: 'item adjudication in USD', mutate: (b) => { cr(b).item[0].adjudication[3].amount.currency = 'USD'; }, expect: [`${R}.item[0].adjudication[3].amount.currency`] },
  { id: 'BV-00232', file: S.claim, why: 'status cancelled', mutate: (b) => { cr(b).status = 'cancelled'; }, expect: [`${R}.status`] },
  { id: 'BV-00331', file: S.auth, why: 'status draft', mutate: (b) => { cr(b).status = 'draft'; }, expect: [`${R}.status`] },
  { id: 'BV-00332', file: S.auth, why: 'priorauth-response with use claim', mutate: (b) => { cr(b).use = 'claim'; }, expect: [`${R}.use`] },
  { id: 'BV-00333', file: S.claim, why: 'claim-response with use preauthorization', mutate: (b) => { cr(b).use = 'preauthorization'; }, expect: [`${R}.use`] },
  { id: 'BV-00334', file: S.claim, why: 'claim-response with use predetermination', mutate: (b) => { cr(b).use = 'predetermination'; }, expect: [`${R}.use`] },
  { id: 'BV-00250', file: S.claim, why: 'complete without adjudication-outcome', mutate: (b) => { cr(b).extension.splice(0, 1); }, expect: [`${R}.extension`] },
  { id: 'BV-00463', file: S.claim, why: 'complete but pended', mutate: (b) => outcomeCode(cr(b), 'pended'), expect: [`${R}.extension[0].valueCodeableConcept.coding[0].code`] },
  { id: 'BV-00480', file: S.claim, why: 'item without adjudication-outcome', mutate: (b) => { cr(b).item[0].extension.splice(0, 1); }, expect: [`${R}.item[0].extension`] },
  { id: 'BV-00371', file: S.claim, why: 'item pended in a complete answer', mutate: (b) => outcomeCode(cr(b).item[0], 'pended'), expect: [`${R}.item[0].extension[0].valueCodeableConcept.coding[0].code`] },
  { id: 'BV-00393', file: S.authApproved, why: 'all items approved, answer partial', mutate: (b) => outcomeCode(cr(b), 'partial'), expect: [`${R}.extension[0].valueCodeableConcept.coding[0].code`] },
  {
    id: 'BV-00394', file: S.auth, why: 'all items rejected, answer partial',
    mutate: (b) => { for (const item of cr(b).item) outcomeCode(item, 'rejected'); },
    expect: [`${R}.extension[0].valueCodeableConcept.coding[0].code`],
  },
  { id: 'BV-00397', file: S.auth, why: 'mixed items, answer approved', mutate: (b) => outcomeCode(cr(b), 'approved'), expect: [`${R}.extension[0].valueCodeableConcept.coding[0].code`] },
  {
    id: 'BV-00395', file: S.claim, why: 'queued but approved',
    mutate: (b) => { cr(b).outcome = 'queued'; delete cr(b).item; },
    expect: [`${R}.extension[0].valueCodeableConcept.coding[0].code`],
  },
  { id: 'BV-00396', file: S.claim, why: 'error with adjudication-outcome', mutate: (b) => { cr(b).outcome = 'error'; }, expect: [`${R}.extension[0]`] },
  { id: 'BV-00505', file: S.claim, why: 'error without errors', mutate: (b) => { cr(b).outcome = 'error'; }, expect: [`${R}.error`] },
  { id: 'BV-00386', file: S.auth, why: 'complete prior authorization without preAuthRef', mutate: (b) => { delete cr(b).preAuthRef; }, expect: [`${R}.preAuthRef`] },
  { id: 'BV-00387', file: S.auth, why: 'partial prior authorization without preAuthPeriod', mutate: (b) => { delete cr(b).preAuthPeriod; }, expect: [`${R}.preAuthPeriod`] },
  { id: 'BV-00390', file: S.claim, why: 'item without benefit', mutate: (b) => dropCategory(cr(b).item[0], 'benefit'), expect: [`${R}.item[0].adjudication`] },
  {
    id: 'BV-00391', file: S.claim, why: 'submitted twice in one item',
    mutate: (b) => { cr(b).item[0].adjudication.push(structuredClone(cr(b).item[0].adjudication[0])); },
    expect: [`${R}.item[0].adjudication[7].category`],
  },
  { id: 'BV-00392', file: S.auth, why: 'partial item without reason', mutate: (b) => { delete cr(b).item[1].adjudication[3].reason; }, expect: [`${R}.item[1].adjudication`] },
  { id: 'BV-00497', file: S.claim, why: 'claim item without tax', mutate: (b) => dropCategory(cr(b).item[0], 'tax'), expect: [`${R}.item[0].adjudication`] },
  { id: 'BV-00498', file: S.claim, why: 'claim item without approved-quantity', mutate: (b) => dropCategory(cr(b).item[0], 'approved-quantity'), expect: [`${R}.item[0].adjudication`] },
  { id: 'BV-00499', file: S.auth, why: 'authorized item without approved-quantity', mutate: (b) => dropCategory(cr(b).item[2], 'approved-quantity'), expect: [`${R}.item[2].adjudication`] },
  {
    id: 'BV-00519', file: S.claim, why: 'approved-quantity as an amount',
    mutate: (b) => { cr(b).item[0].adjudication[6].amount = { value: 1, currency: 'SAR' }; },
    expect: [`${R}.item[0].adjudication[6].amount`],
  },
  { id: 'BV-00450', file: S.claim, why: 'eligible above submitted', mutate: (b) => { cr(b).item[0].adjudication[1].amount.value = 300; }, expect: [`${R}.item[0].adjudication[1].amount`] },
  { id: 'BV-00045', file: S.claim, why: 'itemSequence repeated', mutate: (b) => { cr(b).item.push(structuredClone(cr(b).item[0])); }, expect: [`${R}.item[1].itemSequence`] },
  { id: 'BV-00119', file: S.auth, why: 'itemSequence repeated', mutate: (b) => { cr(b).item[2].itemSequence = 1; }, expect: [`${R}.item[2].itemSequence`] },
  {
    id: 'BV-00025', file: S.claim, why: 'detailSequence repeated',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1 }, { detailSequence: 1 }]; },
    expect: [`${R}.item[0].detail[1].detailSequence`],
  },
  {
    id: 'BV-00114', file: S.auth, why: 'detailSequence repeated',
    mutate: (b) => { cr(b).item[1].detail = [{ detailSequence: 2 }, { detailSequence: 2 }]; },
    expect: [`${R}.item[1].detail[1].detailSequence`],
  },
  {
    id: 'BV-00069', file: S.claim, why: 'subDetailSequence repeated',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, subDetail: [{ subDetailSequence: 1 }, { subDetailSequence: 1 }] }]; },
    expect: [`${R}.item[0].detail[0].subDetail[1].subDetailSequence`],
  },
  {
    id: 'BV-00124', file: S.auth, why: 'subDetailSequence repeated',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, subDetail: [{ subDetailSequence: 3 }, { subDetailSequence: 3 }] }]; },
    expect: [`${R}.item[0].detail[0].subDetail[1].subDetailSequence`],
  },
  { id: 'BV-00521', file: S.authNotes, why: 'item noteNumber repeated', mutate: (b) => { cr(b).item[0].noteNumber = [101, 101]; }, expect: [`${R}.item[0].noteNumber[1]`] },
  {
    id: 'BV-00522', file: S.authNotes, why: 'detail noteNumber repeated',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, noteNumber: [101, 101] }]; },
    expect: [`${R}.item[0].detail[0].noteNumber[1]`],
  },
  {
    id: 'BV-00523', file: S.authNotes, why: 'subDetail noteNumber repeated',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, subDetail: [{ subDetailSequence: 1, noteNumber: [101, 101] }] }]; },
    expect: [`${R}.item[0].detail[0].subDetail[0].noteNumber[1]`],
  },
  { id: 'BV-00520', file: S.authNotes, why: 'item noteNumber without processNote', mutate: (b) => { cr(b).item[0].noteNumber = [102]; }, expect: [`${R}.item[0].noteNumber[0]`] },
  {
    id: 'BV-00528', file: S.authNotes, why: 'detail noteNumber without processNote',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, noteNumber: [7] }]; },
    expect: [`${R}.item[0].detail[0].noteNumber[0]`],
  },
  {
    id: 'BV-00529', file: S.authNotes, why: 'subDetail noteNumber without processNote',
    mutate: (b) => { cr(b).item[0].detail = [{ detailSequence: 1, subDetail: [{ subDetailSequence: 1, noteNumber: [101, 7] }] }]; },
    expect: [`${R}.item[0].detail[0].subDetail[0].noteNumber[1]`],
  },
  { id: 'BV-00524', file: S.authNotes, why: 'processNote number repeated', mutate: (b) => { cr(b).processNote.push(structuredClone(cr(b).processNote[0])); }, expect: [`${R}.processNote[1].number`] },
  { id: 'BV-00317', file: S.claim, why: 'disposition of 251 characters', mutate: (b) => { cr(b).disposition = LONG(251); }, expect: [`${R}.disposition`] },
  { id: 'BV-00318', file: S.authNotes, why: 'Arabic note of 1001 characters', mutate: (b) => { cr(b).processNote[0].text = LONG_AR(1001); }, expect: [`${R}.processNote[0].text`] },
  { id: 'BV-00098', file: S.claim, why: 'request without identifier', mutate: (b) => { cr(b).request = { type: 'Claim' }; }, expect: [`${R}.request`] },
  { id: 'BV-00853', file: S.claim, why: 'complete without insurance', mutate: (b) => { delete cr(b).insurance; }, expect: [`${R}.insurance`] },
  { id: 'BV-00854', file: S.claim, why: 'no focal insurance', mutate: (b) => { cr(b).insurance[0].focal = false; }, expect: [`${R}.insurance`] },
  { id: 'BV-00799', file: S.authNotes, why: 'professional with subType ip', mutate: (b) => { cr(b).subType = { coding: [{ code: 'ip' }] }; }, expect: [`${R}.subType.coding[0].code`] },
  {
    id: 'BV-00800', file: S.authNotes, why: 'institutional with subType op',
    mutate: (b) => { cr(b).type.coding[0].code = 'institutional'; cr(b).subType = { coding: [{ code: 'op' }] }; },
    expect: [`${R}.subType.coding[0].code`],
  },
  { id: 'BV-00609', file: S.claim, why: 'oral with subType ip', mutate: (b) => { cr(b).subType = { coding: [{ code: 'ip' }] }; }, expect: [`${R}.subType.coding[0].code`] },
  {
    id: 'BV-00610', file: S.claim, why: 'vision with subType emr',
    mutate: (b) => { cr(b).type.coding[0].code = 'vision'; cr(b).subType = { coding: [{ code: 'emr' }] }; },
    expect: [`${R}.subType.coding[0].code`],
  },
  {
    id: 'BV-00611', file: S.claim, why: 'pharmacy with subType ip',
    mutate: (b) => { cr(b).type.coding[0].code = 'pharmacy'; cr(b).subType = { coding: [{ code: 'ip' }] }; },
    expect: [`${R}.subType.coding[0].code`],
  },
  { id: 'BV-00551', file: S.authNotes, why: 'transfer Practitioner without name', mutate: (b) => { delete b.entry[6].resource.name; }, expect: ['Bundle.entry[6].resource.name'] },
  {
    id: 'BV-00552', file: S.authNotes, why: 'transfer Organization without name',
    mutate: (b) => {
      cr(b).extension[3].valueReference.reference = b.entry[4].fullUrl;
      delete b.entry[4].resource.name;
    },
    expect: ['Bundle.entry[4].resource.name'],
  },
  { id: 'BV-00492', file: S.claim, why: 'payeeType subscriber', mutate: (b) => { cr(b).payeeType.coding[0].code = 'subscriber'; }, expect: [`${R}.payeeType.coding[0].code`] },
  {
    id: 'BV-00246', file: S.auth, why: 'NPHIES-generated authorization response with items',
    mutate: (b) => { cr(b).meta.tag = [{ code: 'NPHIES generated', display: 'NPHIES generated' }]; },
    expect: [`${R}.item`],
  },
];

runCases('ClaimResponse rules on the official claim and prior-authorization responses', CASES);
