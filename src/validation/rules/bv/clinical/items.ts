/**
 * Item rules tied to clinical content: ventilation hours, days supply, lab tests, medication items.
 * They read the claim's item and supporting-info views (read once per message); a claim without
 * the codes a rule is about costs a scan of its items and allocates nothing.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { CLAIM_OR_AUTH, claimRule, hasCategory, usedFor, type ClaimUnderTest, type Item, type SupportingInfo } from './claim-view.js';
import { MEDICATION_CODES, NO_FINDINGS, Sequences, codingIndexIn, extensionOf, extensionUrl, hasCodeIn } from './concepts.js';

const PHARMACIST_SELECTION_REASON = extensionUrl('pharmacist-Selection-Reason');

/** Does the line carry a coding of medication-codes? */
function isMedication(line: JsonObject): boolean {
  const codings = asArray(asObject(line.productOrService)?.coding);
  for (const coding of codings) if (asObject(coding)?.system === MEDICATION_CODES) return true;
  return false;
}

/**
 * BV-00731 "If claim.use="claim", claim.type="institutional" and one of Claim.productOrService is
 * "13882-00-00" or "13882-01-00" or "13882-02-00" or "92211-00-00" then
 * Claim.supportingInfo.category.coding.code="ventilation-hours" SHALL exist". The NPHIES sandbox
 * reports it at `Bundle.entry[1].resource.supportingInfo`. Item details count as well as items.
 */
export function ventilationHoursRule(codes: ReadonlySet<string>): Rule {
  return claimRule('BV-00731', (c) => {
    if (c.type !== 'institutional' || c.use !== 'claim' || hasCategory(c, 'ventilation-hours')) return NO_FINDINGS;
    return hasVentilation(c.items, codes) ? [error('BV-00731', c.path('supportingInfo'), '"ventilation-hours" is required for ventilation items')] : NO_FINDINGS;
  });
}

function hasVentilation(items: readonly Item[], codes: ReadonlySet<string>): boolean {
  for (const { item } of items) {
    if (hasCodeIn(item.productOrService, codes)) return true;
    for (const detail of asArray(item.detail)) if (hasCodeIn(asObject(detail)?.productOrService, codes)) return true;
  }
  return false;
}

function isPharmacyClaim(c: ClaimUnderTest): boolean {
  return c.type === 'pharmacy' && usedFor(c, CLAIM_OR_AUTH);
}

/** The supporting information whose category is exactly `category` (as sent, case included: these rules always compared it so). */
function infosExactly(c: ClaimUnderTest, category: string): readonly SupportingInfo[] {
  const infos = c.infosOf(category);
  for (const s of infos) if (s.category !== category) return infos.filter((t) => t.category === category);
  return infos;
}

/**
 * BV-00376 "One and only one Claim.item.informationSequence referencing to "days-supply" SHALL be used
 * if the Claim.item.productOrService codesystem = medication-codes and the Claim.type="pharmacy" and
 * when used for Claim.use="preauthorization" or "claim"".
 */
export const BV_00376 = claimRule('BV-00376', (c) => {
  if (!isPharmacyClaim(c)) return NO_FINDINGS;
  const daysSupply = new Sequences(infosExactly(c, 'days-supply'));
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    if (!isMedication(item)) continue;
    const linked = daysSupply.count(item.informationSequence);
    if (linked !== 1) (findings ??= []).push(error('BV-00376', c.path(`item[${index}].informationSequence`), `${linked} links to "days-supply"`));
  }
  return findings ?? NO_FINDINGS;
});

/**
 * BV-00723 "Claim.item.diagnosisSequence SHALL be required if Claim.item.productOrService is from
 * medication-codes and the Claim.type="pharmacy" and when used for Claim.use="preauthorization" or "claim"".
 */
export const BV_00723 = claimRule('BV-00723', (c) => {
  if (!isPharmacyClaim(c)) return NO_FINDINGS;
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    if (isMedication(item) && asArray(item.diagnosisSequence).length === 0) {
      (findings ??= []).push(error('BV-00723', c.path(`item[${index}].diagnosisSequence`), 'a medication item needs a diagnosisSequence'));
    }
  }
  return findings ?? NO_FINDINGS;
});

/** BV-00708 "Claim.item.extension.pharmacistSelectionReason SHALL be present if Claim.item.productOrService is from medication-codes". */
export const BV_00708 = claimRule('BV-00708', (c) => {
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    if (isMedication(item) && !extensionOf(item, PHARMACIST_SELECTION_REASON)) {
      (findings ??= []).push(error('BV-00708', c.path(`item[${index}].extension`), 'pharmacistSelectionReason is required'));
    }
  }
  return findings ?? NO_FINDINGS;
});

/** BV-00710 "Claim.item.detail.extension.pharmacistSelectionReason SHALL be present if Claim.item.detail.productOrService is from medication-codes". */
export const BV_00710 = claimRule('BV-00710', (c) => {
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    let d = 0; // position among the details that are objects
    for (const raw of asArray(item.detail)) {
      const detail = asObject(raw);
      if (!detail) continue;
      if (isMedication(detail) && !extensionOf(detail, PHARMACIST_SELECTION_REASON)) {
        (findings ??= []).push(error('BV-00710', c.path(`item[${index}].detail[${d}].extension`), 'pharmacistSelectionReason is required'));
      }
      d += 1;
    }
  }
  return findings ?? NO_FINDINGS;
});

/**
 * BV-00501 "Claim.item.informationSequence SHALL be provided when the Claim.supportingInfo is supplied".
 * Its display ("The claim item informationSequence is not valid") names the defect this checks: an
 * item pointing at supporting information in a claim that supplies none. (Official samples send
 * supporting information that no item points to, so "every item must point" is not the rule.)
 */
export const BV_00501 = claimRule('BV-00501', (c) => {
  if (asArray(c.claim.supportingInfo).length > 0) return NO_FINDINGS;
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    if (asArray(item.informationSequence).length > 0) {
      (findings ??= []).push(error('BV-00501', c.path(`item[${index}].informationSequence`), 'the claim has no supportingInfo'));
    }
  }
  return findings ?? NO_FINDINGS;
});

/** BV-00484 "The Claim.item.subSite SHALL not be allowed if the Claim.item.bodySite is not provided". */
export const BV_00484 = claimRule('BV-00484', (c) => {
  let findings: Finding[] | undefined;
  for (const { index, item } of c.items) {
    if (item.subSite !== undefined && item.bodySite === undefined) (findings ??= []).push(error('BV-00484', c.path(`item[${index}].subSite`), 'subSite without bodySite'));
  }
  return findings ?? NO_FINDINGS;
});

export interface LabTestCodes {
  readonly items: ReadonlySet<string>;
  readonly loinc: ReadonlySet<string>;
}

/** The sequences of the lab-test supporting information whose LOINC code is one the rule lists. */
function listedLabTests(claim: ClaimUnderTest, lab: LabTestCodes): Sequences {
  const labTests = infosExactly(claim, 'lab-test');
  for (const s of labTests) if (!hasCodeIn(s.info.code, lab.loinc)) return new Sequences(labTests.filter((t) => hasCodeIn(t.info.code, lab.loinc)));
  return new Sequences(labTests);
}

/**
 * BV-00925 "if Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or
 * "73050-18-60" then the linked Claim.supportingInfo.category with "lab-test" SHALL exist and the
 * linked Claim.supportingInfo.code Shall be equal to one of [the listed LOINC codes]".
 */
export function labTestItemRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00925', (c) => {
    if (c.use !== 'claim') return NO_FINDINGS;
    let listed: Sequences | undefined; // looked up at the first lab-test item (most claims have none)
    let findings: Finding[] | undefined;
    for (const { index, item } of c.items) {
      const k = codingIndexIn(item.productOrService, lab.items);
      if (k < 0 || (listed ??= listedLabTests(c, lab)).count(item.informationSequence) > 0) continue;
      (findings ??= []).push(error('BV-00925', c.path(`item[${index}].productOrService.coding[${k}].code`), 'needs a linked "lab-test" with a listed LOINC code'));
    }
    return findings ?? NO_FINDINGS;
  });
}

/**
 * BV-00928 (item.detail) and BV-00929 (item.detail.subDetail): "if Claim.use="claim" and the
 * productOrService code = "73050-18-50" or "73050-18-60" then Claim.supportingInfo.category SHALL
 * exist and be equal to "lab-test" and Claim.supportingInfo.code Shall be equal to one of [the listed LOINC codes]".
 * The lab-test lookup is made only once a listed code is found (most claims have none).
 */
export function labTestDetailRule(id: 'BV-00928' | 'BV-00929', lab: LabTestCodes): Rule {
  return claimRule(id, (c) => {
    if (c.use !== 'claim') return NO_FINDINGS;
    let findings: Finding[] | undefined;
    for (const { index, item } of c.items) {
      let d = 0; // positions count the details (and sub-details) that are objects
      for (const rawDetail of asArray(item.detail)) {
        const detail = asObject(rawDetail);
        if (!detail) continue;
        if (id === 'BV-00928') {
          const k = codingIndexIn(detail.productOrService, lab.items);
          if (k >= 0) (findings ??= []).push(error(id, c.path(`item[${index}].detail[${d}].productOrService.coding[${k}].code`), 'needs a "lab-test" with a listed LOINC code'));
        } else {
          let s = 0;
          for (const rawSub of asArray(detail.subDetail)) {
            const sub = asObject(rawSub);
            if (!sub) continue;
            const k = codingIndexIn(sub.productOrService, lab.items);
            if (k >= 0) {
              (findings ??= []).push(error(id, c.path(`item[${index}].detail[${d}].subDetail[${s}].productOrService.coding[${k}].code`), 'needs a "lab-test" with a listed LOINC code'));
            }
            s += 1;
          }
        }
        d += 1;
      }
    }
    return findings === undefined || !listedLabTests(c, lab).empty ? NO_FINDINGS : findings;
  });
}

/**
 * BV-00933 "If Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or
 * "73050-18-60" then Claim.item.informationSequence within the same item shall not be referring to
 * more than one Claim.supportingInfo.category ="lab-test"".
 */
export function labTestSingleLinkRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00933', (c) => {
    if (c.use !== 'claim') return NO_FINDINGS;
    let labTests: Sequences | undefined; // looked up at the first lab-test item (most claims have none)
    let findings: Finding[] | undefined;
    for (const { index, item } of c.items) {
      if (codingIndexIn(item.productOrService, lab.items) < 0) continue;
      if ((labTests ??= new Sequences(infosExactly(c, 'lab-test'))).count(item.informationSequence) <= 1) continue;
      (findings ??= []).push(error('BV-00933', c.path(`item[${index}].informationSequence`), 'more than one linked "lab-test"'));
    }
    return findings ?? NO_FINDINGS;
  });
}

/**
 * BV-00934 "If Claim.use="claim", Claim.item[x].informationSequence referring to a "lab-test" with
 * one of [the listed LOINC codes] SHALL be unique across all claim.item[X] that have
 * Claim.item.productOrService "73050-18-50" or "73050-18-60"".
 */
export function labTestUniqueLinkRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00934', (c) => {
    if (c.use !== 'claim') return NO_FINDINGS;
    let listed: Sequences | undefined; // looked up at the first lab-test item (most claims have none)
    let used: Set<unknown> | undefined;
    let findings: Finding[] | undefined;
    for (const { index, item } of c.items) {
      if (codingIndexIn(item.productOrService, lab.items) < 0) continue;
      listed ??= listedLabTests(c, lab);
      const pointers = asArray(item.informationSequence);
      for (let k = 0; k < pointers.length; k += 1) {
        const seq = pointers[k];
        if (!listed.has(seq)) continue;
        used ??= new Set();
        if (used.has(seq)) (findings ??= []).push(error('BV-00934', c.path(`item[${index}].informationSequence[${k}]`), `lab test ${String(seq)} is already linked to another item`));
        used.add(seq);
      }
    }
    return findings ?? NO_FINDINGS;
  });
}
