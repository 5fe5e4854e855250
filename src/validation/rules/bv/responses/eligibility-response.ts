/**
 * CoverageEligibilityResponse rules decidable from the answer alone: status, created date,
 * siteEligibility against inforce, error list, currencies and text lengths.
 */
import { asObject, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { each, extensionNamed, isFuture, isPresent, resourceRule, tooLong } from './support.js';

const ER = ['CoverageEligibilityResponse'];
const SITE = 'extension-siteEligibility';

function siteEligibility(node: JsonObject): { code: string | undefined; path: string } | undefined {
  const found = extensionNamed(node, SITE);
  return found ? { code: firstCode(found.ext.valueCodeableConcept), path: `extension[${found.i}].valueCodeableConcept.coding[0].code` } : undefined;
}

/** BV-00063 "CoverageEligibilityResponse.created SHALL be on or before the date received". */
export const BV_00063 = resourceRule('BV-00063', ER, (r, report, { context }) => {
  if (isFuture(r.created, context.now())) report('created', 'created is after the date received');
});

/** BV-00539 "CoverageEligibilityResponse.status SHALL use the fixed value "active"". */
export const BV_00539 = resourceRule('BV-00539', ER, (r, report) => {
  if (r.status !== undefined && r.status !== 'active') report('status', 'status must be active');
});

/** BV-00536 "The CoverageEligibilityResponse.error SHALL be provided when CoverageEligibilityResponse.outcome= "error"". */
export const BV_00536 = resourceRule('BV-00536', ER, (r, report) => {
  if (r.outcome === 'error' && !isPresent(r.error)) report('error', 'an error response lists its errors');
});

/** BV-00503 "CoverageEligibiltyResponse.extension.siteEligibility SHALL be provided when CoverageEligibiltyResponse.outcome="complete"". */
export const BV_00503 = resourceRule('BV-00503', ER, (r, report) => {
  if (r.outcome === 'complete' && !siteEligibility(r)) report('extension', 'a complete eligibility response needs siteEligibility');
});

/**
 * BV-00535 "The CoverageEligibiltyResponse.extension.siteEligibility value SHALL not be "eligible" if for
 * every array entry of CoverageEligibiltyResponse.insurance the related CoverageEligibilityResponse.insurance.inforce value is "false"".
 */
export const BV_00535 = resourceRule('BV-00535', ER, (r, report) => {
  const site = siteEligibility(r);
  const insurance = each(r.insurance);
  if (site?.code === 'eligible' && insurance.length > 0 && insurance.every(({ node }) => node.inforce === false)) report(site.path, 'no insurance is in force');
});

/** BV-00558 "The CoverageEligibiltyResponse.extension.siteEligibility value SHALL not be "eligible" if no insurance element is provided". */
export const BV_00558 = resourceRule('BV-00558', ER, (r, report) => {
  const site = siteEligibility(r);
  if (site?.code === 'eligible' && each(r.insurance).length === 0) report(site.path, 'no insurance is given');
});

/**
 * BV-00559 "The CoverageEligibiltyResponse.extension.siteEligibility value SHALL be "eligible" if at least in one array
 * entry of CoverageEligibiltyResponse.insurance the related CoverageEligibilityResponse.insurance.siteEligibility is "eligible"".
 */
export const BV_00559 = resourceRule('BV-00559', ER, (r, report) => {
  const site = siteEligibility(r);
  const anyEligible = each(r.insurance).some(({ node }) => siteEligibility(node)?.code === 'eligible');
  if (anyEligible && site && site.code !== 'eligible') report(site.path, 'an insurance is site-eligible');
});

/** BV-00560 "The CoverageEligibiltyResponse.insurance.extension.siteEligibility SHALL not be "eligible" if the related CoverageEligibilityResponse.insurance.inforce value is "false"". */
export const BV_00560 = resourceRule('BV-00560', ER, (r, report) => {
  for (const { node, i } of each(r.insurance)) {
    const site = siteEligibility(node);
    if (site?.code === 'eligible' && node.inforce === false) report(`insurance[${i}].${site.path}`, 'the insurance is not in force');
  }
});

/**
 * BV-00561 "The CoverageEligibiltyResponse.extension.siteEligibility value SHALL not be "eligible" if for every
 * array entry of CoverageEligibiltyResponse.insurance the related CoverageEligibilityResponse.insurance.siteEligibility
 * is not "eligible"". Applies when every insurance states its siteEligibility (the official sample 14b
 * states it only on the response).
 */
export const BV_00561 = resourceRule('BV-00561', ER, (r, report) => {
  const site = siteEligibility(r);
  const codes = each(r.insurance).map(({ node }) => siteEligibility(node)?.code);
  if (site?.code === 'eligible' && codes.length > 0 && codes.every((c) => c !== undefined && c !== 'eligible')) report(site.path, 'no insurance is site-eligible');
});

/** Every benefit of every insurance item, with its path. */
function benefits(r: JsonObject): { benefit: JsonObject; at: string }[] {
  const out: { benefit: JsonObject; at: string }[] = [];
  for (const { node: ins, i } of each(r.insurance)) {
    for (const { node: item, i: j } of each(ins.item)) {
      for (const { node: benefit, i: k } of each(item.benefit)) out.push({ benefit, at: `insurance[${i}].item[${j}].benefit[${k}]` });
    }
  }
  return out;
}

function benefitCurrency(id: string, element: 'allowedMoney' | 'usedMoney'): Rule {
  return resourceRule(id, ER, (r, report) => {
    for (const { benefit, at } of benefits(r)) {
      const currency = asObject(benefit[element])?.currency;
      if (currency !== undefined && currency !== 'SAR') report(`${at}.${element}.currency`, 'currency must be SAR');
    }
  });
}
/** BV-00084 "CoverageEligibilityResponse.insurance.item.benefit.allowedMoney.currency SHALL be SAR". */
export const BV_00084 = benefitCurrency('BV-00084', 'allowedMoney');
/** BV-00085 "CoverageEligibilityResponse.insurance.item.benefit.used.currency SHALL be SAR". */
export const BV_00085 = benefitCurrency('BV-00085', 'usedMoney');

function benefitString(id: string, element: 'allowedString' | 'usedString'): Rule {
  return resourceRule(id, ER, (r, report) => {
    for (const { benefit, at } of benefits(r)) if (tooLong(benefit[element], 60)) report(`${at}.${element}`, 'longer than 60 characters');
  });
}
/** BV-00313 "CoverageEligibilityResponse.insurance.item.benefit.allowedString SHALL have maximum length of 60 characters". */
export const BV_00313 = benefitString('BV-00313', 'allowedString');
/** BV-00314 "CoverageEligibilityResponse.insurance.item.benefit.usedString SHALL have maximum length of 60 characters". */
export const BV_00314 = benefitString('BV-00314', 'usedString');

/** BV-00310 "CoverageEligibilityResponse.disposition SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00310 = resourceRule('BV-00310', ER, (r, report) => {
  if (tooLong(r.disposition, 250, 125)) report('disposition', 'longer than 250 (Arabic: 125) characters');
});

function itemText(id: string, element: 'name' | 'description', english: number, arabic: number): Rule {
  return resourceRule(id, ER, (r, report) => {
    for (const { node: ins, i } of each(r.insurance)) {
      for (const { node: item, i: j } of each(ins.item)) {
        if (tooLong(item[element], english, arabic)) report(`insurance[${i}].item[${j}].${element}`, `longer than ${english} (Arabic: ${arabic}) characters`);
      }
    }
  });
}
/** BV-00311 "CoverageEligibilityResponse.insurance.item.name SHALL have maximum length of 100 English characters and 50 Arabic characters". */
export const BV_00311 = itemText('BV-00311', 'name', 100, 50);
/** BV-00312 "CoverageEligibilityResponse.insurance.item.description SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00312 = itemText('BV-00312', 'description', 250, 125);

/** BV-00315 "CoverageEligibilityResponse.preAuthRef SHALL have maximum length of 40 characters". */
export const BV_00315 = resourceRule('BV-00315', ER, (r, report) => {
  if (tooLong(r.preAuthRef, 40)) report('preAuthRef', 'longer than 40 characters');
});

export const ELIGIBILITY_RESPONSE_RULES: readonly Rule[] = [
  BV_00063, BV_00539, BV_00536, BV_00503, BV_00535, BV_00558, BV_00559, BV_00560, BV_00561, BV_00084, BV_00085, BV_00313,
  BV_00314, BV_00310, BV_00311, BV_00312, BV_00315,
];
