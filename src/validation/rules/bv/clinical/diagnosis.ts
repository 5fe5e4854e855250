/** Diagnosis rules: principal diagnosis, uniqueness, sequences, diagnosis types, accident lists. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, firstCode } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimsOf, codings, isNewborn, itemsOf, objects, uses, type ClaimUnderTest } from './claim-view.js';
import { normaliseIcd } from './data.js';

function claimRule(id: string, check: (claim: ClaimUnderTest) => Finding[]): Rule {
  return { id, check: (message) => claimsOf(message).flatMap(check) };
}

function diagnosisTypes(diagnosis: unknown): string[] {
  return objects(asObject(diagnosis)?.type).map((t) => firstCode(t)).filter((c): c is string => c !== undefined);
}

/** BV-00054 "There SHALL be exactly one principal diagnosis provided". */
export const BV_00054 = claimRule('BV-00054', (c) => {
  const principals = asArray(c.claim.diagnosis).filter((d) => diagnosisTypes(d).includes('principal')).length;
  return principals === 1 ? [] : [error('BV-00054', c.path('diagnosis'), `${principals} principal diagnoses`)];
});

/** BV-00057 "Same diagnosis SHALL be unique per Claim" (a code repeated in a later diagnosis). */
export const BV_00057 = claimRule('BV-00057', (c) => {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  asArray(c.claim.diagnosis).forEach((d, j) => {
    const keys = codings(asObject(d)?.diagnosisCodeableConcept)
      .filter((x) => typeof x.code === 'string')
      .map((x) => `${asString(x.system) ?? ''}|${normaliseIcd(x.code as string)}`);
    if (keys.some((k) => seen.has(k))) findings.push(error('BV-00057', c.path(`diagnosis[${j}]`), 'the diagnosis code is repeated'));
    keys.forEach((k) => seen.add(k));
  });
  return findings;
});

/**
 * BV-00027 "diagnosis.onAdmission field SHALL be required only if claim type is Institutional".
 * Its display ("required for institutional claim type but is not to be used") names the defect:
 * onAdmission sent on a claim that is not institutional.
 */
export const BV_00027 = claimRule('BV-00027', (c) => {
  if (c.type === undefined || c.type === 'institutional') return [];
  return asArray(c.claim.diagnosis).flatMap((d, j) =>
    asObject(d)?.onAdmission === undefined ? [] : [error('BV-00027', c.path(`diagnosis[${j}].onAdmission`), `onAdmission on a ${c.type} claim`)],
  );
});

function uniqueSequenceRule(id: string, element: 'diagnosis' | 'supportingInfo'): Rule {
  return claimRule(id, (c) => {
    const seen = new Set<unknown>();
    const findings: Finding[] = [];
    asArray(c.claim[element]).forEach((raw, j) => {
      const sequence = asObject(raw)?.sequence;
      if (sequence === undefined) return;
      if (seen.has(sequence)) findings.push(error(id, c.path(`${element}[${j}].sequence`), `sequence ${String(sequence)} is repeated`));
      seen.add(sequence);
    });
    return findings;
  });
}

/** BV-00454 "Claim.diagnosis.sequence SHALL be unique within the claim request". */
export const BV_00454 = uniqueSequenceRule('BV-00454', 'diagnosis');
/** BV-00453 "Claim.supportingInfo.sequence SHALL be unique within the claim request". */
export const BV_00453 = uniqueSequenceRule('BV-00453', 'supportingInfo');

function itemPointerRule(id: string, pointer: 'diagnosisSequence' | 'informationSequence', target: 'diagnosis' | 'supportingInfo'): Rule {
  return claimRule(id, (c) => {
    const known = new Set(objects(c.claim[target]).map((t) => t.sequence));
    return c.items.flatMap(({ index, item }) =>
      asArray(item[pointer]).flatMap((value, k) =>
        known.has(value) ? [] : [error(id, c.path(`item[${index}].${pointer}[${k}]`), `no ${target} with sequence ${String(value)}`)],
      ),
    );
  });
}

/** BV-00444 "For item diagnosisSequence SHALL match an existing diagnosis.sequence within the same claim". */
export const BV_00444 = itemPointerRule('BV-00444', 'diagnosisSequence', 'diagnosis');
/** BV-00443 "For item supportingInfoSequence SHALL match an existing supportingInfo.sequence within the same claim". */
export const BV_00443 = itemPointerRule('BV-00443', 'informationSequence', 'supportingInfo');

function inpatientOnlyTypeRule(id: string, diagnosisType: string): Rule {
  return claimRule(id, (c) => {
    if (c.type === 'institutional' && c.subType === 'ip' && c.use === 'claim') return [];
    return asArray(c.claim.diagnosis).flatMap((d, j) =>
      objects(asObject(d)?.type).flatMap((t, k) =>
        firstCode(t) === diagnosisType ? [error(id, c.path(`diagnosis[${j}].type[${k}]`), `"${diagnosisType}" needs an institutional inpatient claim`)] : [],
      ),
    );
  });
}

/** BV-00477 "Claim.diagnosis.coding.code can be "admitting" ONLY if Claim.type="institutional" and Claim.subtype="ip" and Claim.use="claim"". */
export const BV_00477 = inpatientOnlyTypeRule('BV-00477', 'admitting');
/** BV-00478 "Claim.diagnosis.coding.code can be "discharge" ONLY if Claim.type="institutional" and Claim.subtype="ip" and Claim.use="claim"". */
export const BV_00478 = inpatientOnlyTypeRule('BV-00478', 'discharge');

/**
 * BV-00557 "When Claim.extension.newborn = "true" then for one array entry of the Claim.diagnosis
 * the Claim.diagnosis.diagnosisCodeableConcept.coding.code must be one of the Z38.x ICD-10-AM codes".
 */
export function newbornDiagnosisRule(category: string): Rule {
  return claimRule('BV-00557', (c) => {
    if (!isNewborn(c.claim)) return [];
    const found = objects(c.claim.diagnosis).some((d) =>
      codings(d.diagnosisCodeableConcept).some((x) => normaliseIcd(asString(x.code) ?? '').startsWith(category)),
    );
    return found ? [] : [error('BV-00557', c.path('diagnosis'), `a newborn claim needs a ${category}.x diagnosis`)];
  });
}

function accidentType(c: ClaimUnderTest): string | undefined {
  return firstCode(asObject(c.claim.accident)?.type);
}

/**
 * A diagnosis from `list` needs `claim.accident.type = accident` (BV-00747 WPA, BV-00756 MVA);
 * reported at the diagnosis code that calls for the accident.
 */
export function accidentForDiagnosisRule(id: string, accident: string, list: ReadonlySet<string>): Rule {
  return claimRule(id, (c) => {
    if (!uses(c, 'claim', 'preauthorization') || accidentType(c) === accident) return [];
    for (const [j, d] of asArray(c.claim.diagnosis).entries()) {
      for (const [k, x] of codings(asObject(d)?.diagnosisCodeableConcept).entries()) {
        if (list.has(normaliseIcd(asString(x.code) ?? ''))) {
          return [error(id, c.path(`diagnosis[${j}].diagnosisCodeableConcept.coding[${k}].code`), `this diagnosis needs accident type ${accident}`)];
        }
      }
    }
    return [];
  });
}

/** `claim.accident.type = accident` needs a diagnosis from `list` (BV-00748 WPA, BV-00757 MVA). */
export function diagnosisForAccidentRule(id: string, accident: string, list: ReadonlySet<string>): Rule {
  return claimRule(id, (c) => {
    if (!uses(c, 'claim', 'preauthorization') || accidentType(c) !== accident) return [];
    const found = objects(c.claim.diagnosis).some((d) => codings(d.diagnosisCodeableConcept).some((x) => list.has(normaliseIcd(asString(x.code) ?? ''))));
    return found ? [] : [error(id, c.path('accident'), `accident type ${accident} needs a diagnosis from its list`)];
  });
}
