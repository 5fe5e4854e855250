/** Item rules tied to clinical content: ventilation hours, days supply, lab tests, medication items. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import {
  MEDICATION_CODES, claimsOf, codesOf, codings, extensionOf, hasCategory, itemsOf, objects, supportingInfoOf, uses, type ClaimUnderTest,
} from './claim-view.js';

function claimRule(id: string, check: (claim: ClaimUnderTest) => Finding[]): Rule {
  return { id, check: (message) => claimsOf(message).flatMap(check) };
}

function isMedication(line: JsonObject): boolean {
  return codings(line.productOrService).some((c) => c.system === MEDICATION_CODES);
}

/**
 * BV-00731 "If claim.use="claim", claim.type="institutional" and one of Claim.productOrService is
 * "13882-00-00" or "13882-01-00" or "13882-02-00" or "92211-00-00" then
 * Claim.supportingInfo.category.coding.code="ventilation-hours" SHALL exist". The NPHIES sandbox
 * reports it at `Bundle.entry[1].resource.supportingInfo`. Item details count as well as items.
 */
export function ventilationHoursRule(codes: ReadonlySet<string>): Rule {
  return claimRule('BV-00731', (c) => {
    if (c.type !== 'institutional' || c.use !== 'claim' || hasCategory(c, 'ventilation-hours')) return [];
    const lines = c.items.flatMap(({ item }) => [item, ...objects(item.detail)]);
    const ventilated = lines.some((line) => codesOf(line.productOrService).some((code) => codes.has(code)));
    return ventilated ? [error('BV-00731', c.path('supportingInfo'), '"ventilation-hours" is required for ventilation items')] : [];
  });
}

function pharmacyMedicationItems(c: ClaimUnderTest) {
  if (c.type !== 'pharmacy' || !uses(c, 'claim', 'preauthorization')) return [];
  return c.items.filter(({ item }) => isMedication(item));
}

/**
 * BV-00376 "One and only one Claim.item.informationSequence referencing to "days-supply" SHALL be used
 * if the Claim.item.productOrService codesystem = medication-codes and the Claim.type="pharmacy" and
 * when used for Claim.use="preauthorization" or "claim"".
 */
export const BV_00376 = claimRule('BV-00376', (c) => {
  const daysSupply = new Set(c.supportingInfo.filter((s) => s.category === 'days-supply').map((s) => s.sequence));
  return pharmacyMedicationItems(c).flatMap(({ index, item }) => {
    const linked = asArray(item.informationSequence).filter((seq) => daysSupply.has(seq)).length;
    return linked === 1 ? [] : [error('BV-00376', c.path(`item[${index}].informationSequence`), `${linked} links to "days-supply"`)];
  });
});

/**
 * BV-00723 "Claim.item.diagnosisSequence SHALL be required if Claim.item.productOrService is from
 * medication-codes and the Claim.type="pharmacy" and when used for Claim.use="preauthorization" or "claim"".
 */
export const BV_00723 = claimRule('BV-00723', (c) =>
  pharmacyMedicationItems(c)
    .filter(({ item }) => asArray(item.diagnosisSequence).length === 0)
    .map(({ index }) => error('BV-00723', c.path(`item[${index}].diagnosisSequence`), 'a medication item needs a diagnosisSequence')),
);

/** BV-00708 "Claim.item.extension.pharmacistSelectionReason SHALL be present if Claim.item.productOrService is from medication-codes". */
export const BV_00708 = claimRule('BV-00708', (c) =>
  c.items
    .filter(({ item }) => isMedication(item) && !extensionOf(item, 'pharmacist-Selection-Reason'))
    .map(({ index }) => error('BV-00708', c.path(`item[${index}].extension`), 'pharmacistSelectionReason is required')),
);

/** BV-00710 "Claim.item.detail.extension.pharmacistSelectionReason SHALL be present if Claim.item.detail.productOrService is from medication-codes". */
export const BV_00710 = claimRule('BV-00710', (c) =>
  c.items.flatMap(({ index, item }) =>
    objects(item.detail).flatMap((detail, d) =>
      isMedication(detail) && !extensionOf(detail, 'pharmacist-Selection-Reason')
        ? [error('BV-00710', c.path(`item[${index}].detail[${d}].extension`), 'pharmacistSelectionReason is required')]
        : [],
    ),
  ),
);

/**
 * BV-00501 "Claim.item.informationSequence SHALL be provided when the Claim.supportingInfo is supplied".
 * Its display ("The claim item informationSequence is not valid") names the defect this checks: an
 * item pointing at supporting information in a claim that supplies none. (Official samples send
 * supporting information that no item points to, so "every item must point" is not the rule.)
 */
export const BV_00501 = claimRule('BV-00501', (c) => {
  if (asArray(c.claim.supportingInfo).length > 0) return [];
  return c.items
    .filter(({ item }) => asArray(item.informationSequence).length > 0)
    .map(({ index }) => error('BV-00501', c.path(`item[${index}].informationSequence`), 'the claim has no supportingInfo'));
});

/** BV-00484 "The Claim.item.subSite SHALL not be allowed if the Claim.item.bodySite is not provided". */
export const BV_00484 = claimRule('BV-00484', (c) =>
  c.items
    .filter(({ item }) => item.subSite !== undefined && item.bodySite === undefined)
    .map(({ index }) => error('BV-00484', c.path(`item[${index}].subSite`), 'subSite without bodySite')),
);

export interface LabTestCodes {
  readonly items: ReadonlySet<string>;
  readonly loinc: ReadonlySet<string>;
}

function labItemCode(line: JsonObject, lab: LabTestCodes): number {
  return codings(line.productOrService).findIndex((x) => typeof x.code === 'string' && lab.items.has(x.code));
}

/** Sequences of the lab-test supporting information whose LOINC code is one the rule lists. */
function listedLabTests(claim: ClaimUnderTest, lab: LabTestCodes): Set<unknown> {
  return new Set(
    claim.supportingInfo
      .filter((s) => s.category === 'lab-test' && codesOf(s.info.code).some((code) => lab.loinc.has(code)))
      .map((s) => s.sequence),
  );
}

/**
 * BV-00925 "if Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or
 * "73050-18-60" then the linked Claim.supportingInfo.category with "lab-test" SHALL exist and the
 * linked Claim.supportingInfo.code Shall be equal to one of [the listed LOINC codes]".
 */
export function labTestItemRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00925', (c) => {
    if (c.use !== 'claim') return [];
    const listed = listedLabTests(c, lab);
    return c.items.flatMap(({ index, item }) => {
      const k = labItemCode(item, lab);
      if (k < 0 || asArray(item.informationSequence).some((seq) => listed.has(seq))) return [];
      return [error('BV-00925', c.path(`item[${index}].productOrService.coding[${k}].code`), 'needs a linked "lab-test" with a listed LOINC code')];
    });
  });
}

/**
 * BV-00928 (item.detail) and BV-00929 (item.detail.subDetail): "if Claim.use="claim" and the
 * productOrService code = "73050-18-50" or "73050-18-60" then Claim.supportingInfo.category SHALL
 * exist and be equal to "lab-test" and Claim.supportingInfo.code Shall be equal to one of [the listed LOINC codes]".
 */
export function labTestDetailRule(id: 'BV-00928' | 'BV-00929', lab: LabTestCodes): Rule {
  return claimRule(id, (c) => {
    if (c.use !== 'claim' || listedLabTests(c, lab).size > 0) return [];
    const findings: Finding[] = [];
    for (const { index, item } of c.items) {
      objects(item.detail).forEach((detail, d) => {
        if (id === 'BV-00928') {
          const k = labItemCode(detail, lab);
          if (k >= 0) findings.push(error(id, c.path(`item[${index}].detail[${d}].productOrService.coding[${k}].code`), 'needs a "lab-test" with a listed LOINC code'));
          return;
        }
        objects(detail.subDetail).forEach((sub, s) => {
          const k = labItemCode(sub, lab);
          if (k >= 0) {
            findings.push(error(id, c.path(`item[${index}].detail[${d}].subDetail[${s}].productOrService.coding[${k}].code`), 'needs a "lab-test" with a listed LOINC code'));
          }
        });
      });
    }
    return findings;
  });
}

/**
 * BV-00933 "If Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or
 * "73050-18-60" then Claim.item.informationSequence within the same item shall not be referring to
 * more than one Claim.supportingInfo.category ="lab-test"".
 */
export function labTestSingleLinkRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00933', (c) => {
    if (c.use !== 'claim') return [];
    const labTests = new Set(c.supportingInfo.filter((s) => s.category === 'lab-test').map((s) => s.sequence));
    return c.items
      .filter(({ item }) => labItemCode(item, lab) >= 0 && asArray(item.informationSequence).filter((seq) => labTests.has(seq)).length > 1)
      .map(({ index }) => error('BV-00933', c.path(`item[${index}].informationSequence`), 'more than one linked "lab-test"'));
  });
}

/**
 * BV-00934 "If Claim.use="claim", Claim.item[x].informationSequence referring to a "lab-test" with
 * one of [the listed LOINC codes] SHALL be unique across all claim.item[X] that have
 * Claim.item.productOrService "73050-18-50" or "73050-18-60"".
 */
export function labTestUniqueLinkRule(lab: LabTestCodes): Rule {
  return claimRule('BV-00934', (c) => {
    if (c.use !== 'claim') return [];
    const listed = listedLabTests(c, lab);
    const used = new Set<unknown>();
    const findings: Finding[] = [];
    for (const { index, item } of c.items) {
      if (labItemCode(item, lab) < 0) continue;
      asArray(item.informationSequence).forEach((seq, k) => {
        if (!listed.has(seq)) return;
        if (used.has(seq)) findings.push(error('BV-00934', c.path(`item[${index}].informationSequence[${k}]`), `lab test ${String(seq)} is already linked to another item`));
        used.add(seq);
      });
    }
    return findings;
  });
}

