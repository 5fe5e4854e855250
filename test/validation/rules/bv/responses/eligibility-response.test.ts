import { R, S, focal as er, FUTURE, LONG, LONG_AR, runCases, type Case } from './cases.js';

const SITE = `${R}.extension[0].valueCodeableConcept.coding[0].code`;
const BENEFIT = `${R}.insurance[0].item[0].benefit[0]`;

const CASES: Case[] = [
  { id: 'BV-00063', file: S.eligibility, why: 'created in the future', mutate: (b) => { er(b).created = `${FUTURE}T00:00:00+03:00`; }, expect: [`${R}.created`] },
  { id: 'BV-00539', file: S.eligibility, why: 'status cancelled', mutate: (b) => { er(b).status = 'cancelled'; }, expect: [`${R}.status`] },
  { id: 'BV-00536', file: S.eligibilityError, why: 'error without errors', mutate: (b) => { delete er(b).error; }, expect: [`${R}.error`] },
  { id: 'BV-00503', file: S.eligibility, why: 'complete without siteEligibility', mutate: (b) => { delete er(b).extension; }, expect: [`${R}.extension`] },
  { id: 'BV-00535', file: S.eligibilitySite, why: 'eligible with no insurance in force', mutate: (b) => { er(b).insurance[0].inforce = false; }, expect: [SITE] },
  { id: 'BV-00558', file: S.eligibility, why: 'eligible without insurance', mutate: (b) => { delete er(b).insurance; }, expect: [SITE] },
  {
    id: 'BV-00559', file: S.eligibilitySite, why: 'an insurance eligible, the response not',
    mutate: (b) => { er(b).extension[0].valueCodeableConcept.coding[0].code = 'out-network'; },
    expect: [SITE],
  },
  {
    id: 'BV-00560', file: S.eligibilitySite, why: 'insurance eligible but not in force',
    mutate: (b) => { er(b).insurance[0].inforce = false; },
    expect: [`${R}.insurance[0].extension[0].valueCodeableConcept.coding[0].code`],
  },
  {
    id: 'BV-00561', file: S.eligibilitySite, why: 'no insurance eligible, the response eligible',
    mutate: (b) => { er(b).insurance[0].extension[0].valueCodeableConcept.coding[0].code = 'out-network'; },
    expect: [SITE],
  },
  { id: 'BV-00084', file: S.eligibility, why: 'allowedMoney in USD', mutate: (b) => { er(b).insurance[0].item[0].benefit[0].allowedMoney.currency = 'USD'; }, expect: [`${BENEFIT}.allowedMoney.currency`] },
  {
    id: 'BV-00085', file: S.eligibility, why: 'usedMoney in USD',
    mutate: (b) => { er(b).insurance[0].item[0].benefit[0].usedMoney = { value: 10, currency: 'USD' }; },
    expect: [`${BENEFIT}.usedMoney.currency`],
  },
  {
    id: 'BV-00313', file: S.eligibility, why: 'allowedString of 61 characters',
    mutate: (b) => { const x = er(b).insurance[0].item[0].benefit[0]; delete x.allowedMoney; x.allowedString = LONG(61); },
    expect: [`${BENEFIT}.allowedString`],
  },
  { id: 'BV-00314', file: S.eligibility, why: 'usedString of 61 characters', mutate: (b) => { er(b).insurance[0].item[0].benefit[0].usedString = LONG(61); }, expect: [`${BENEFIT}.usedString`] },
  { id: 'BV-00310', file: S.eligibility, why: 'Arabic disposition of 126 characters', mutate: (b) => { er(b).disposition = LONG_AR(126); }, expect: [`${R}.disposition`] },
  { id: 'BV-00311', file: S.eligibility, why: 'item name of 101 characters', mutate: (b) => { er(b).insurance[0].item[1].name = LONG(101); }, expect: [`${R}.insurance[0].item[1].name`] },
  { id: 'BV-00312', file: S.eligibility, why: 'item description of 251 characters', mutate: (b) => { er(b).insurance[0].item[0].description = LONG(251); }, expect: [`${R}.insurance[0].item[0].description`] },
  { id: 'BV-00315', file: S.eligibility, why: 'preAuthRef of 41 characters', mutate: (b) => { er(b).preAuthRef = LONG(41); }, expect: [`${R}.preAuthRef`] },
];

runCases('CoverageEligibilityResponse rules on the official eligibility responses', CASES);
