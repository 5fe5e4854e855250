/**
 * Diagnosis rules: principal diagnosis, uniqueness, sequences, diagnosis types, accident lists.
 * They all read the claim's diagnosis view (`ClaimUnderTest.diagnoses`: types and normalised
 * codes read once per message), so each rule is a short loop that allocates only for a finding.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, firstCode } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { CLAIM_OR_AUTH, claimRule, usedFor, type ClaimUnderTest, type Diagnosis, type DiagnosisCode } from './claim-view.js';
import { FEW, NO_FINDINGS, Sequences, repeatedSequences } from './concepts.js';

/** BV-00054 "There SHALL be exactly one principal diagnosis provided". */
export const BV_00054 = claimRule('BV-00054', (c) => {
  let principals = 0;
  for (const d of c.diagnoses) if (d.types.includes('principal')) principals += 1;
  return principals === 1 ? NO_FINDINGS : [error('BV-00054', c.path('diagnosis'), `${principals} principal diagnoses`)];
});

/** BV-00057 "Same diagnosis SHALL be unique per Claim" (a code repeated in a later diagnosis). */
export const BV_00057 = claimRule('BV-00057', (c) => {
  const diagnoses = c.diagnoses;
  if (codeCount(diagnoses) > FEW) return repeatedCodesOfMany(c);
  let findings: Finding[] | undefined;
  for (let j = 1; j < diagnoses.length; j += 1) {
    const d = diagnoses[j] as Diagnosis;
    if (repeatsEarlierCode(diagnoses, j)) (findings ??= []).push(error('BV-00057', c.path(`diagnosis[${d.index}]`), 'the diagnosis code is repeated'));
  }
  return findings ?? NO_FINDINGS;
});

function codeCount(diagnoses: readonly Diagnosis[]): number {
  let count = 0;
  for (const d of diagnoses) count += d.codes.length;
  return count;
}

/** BV-00057 past FEW diagnosis codes: the same test with a Set of the keys seen so far. */
function repeatedCodesOfMany(c: ClaimUnderTest): Finding[] {
  const seen = new Set<string>();
  let findings: Finding[] | undefined;
  for (const d of c.diagnoses) {
    let repeated = false;
    for (const code of d.codes) if (code.key !== undefined && seen.has(code.key)) repeated = true;
    if (repeated) (findings ??= []).push(error('BV-00057', c.path(`diagnosis[${d.index}]`), 'the diagnosis code is repeated'));
    for (const code of d.codes) if (code.key !== undefined) seen.add(code.key);
  }
  return findings ?? NO_FINDINGS;
}

/** Does one of the codes of diagnosis `j` (its `system|code` key) appear in an earlier diagnosis? */
function repeatsEarlierCode(diagnoses: readonly Diagnosis[], j: number): boolean {
  for (const code of (diagnoses[j] as Diagnosis).codes) {
    if (code.key === undefined) continue;
    for (let i = 0; i < j; i += 1) {
      for (const earlier of (diagnoses[i] as Diagnosis).codes) if (earlier.key === code.key) return true;
    }
  }
  return false;
}

/**
 * BV-00027 "diagnosis.onAdmission field SHALL be required only if claim type is Institutional".
 * Its display ("required for institutional claim type but is not to be used") names the defect:
 * onAdmission sent on a claim that is not institutional.
 */
export const BV_00027 = claimRule('BV-00027', (c) => {
  if (c.type === undefined || c.type === 'institutional') return NO_FINDINGS;
  let findings: Finding[] | undefined;
  for (const d of c.diagnoses) {
    if (d.diagnosis.onAdmission !== undefined) (findings ??= []).push(error('BV-00027', c.path(`diagnosis[${d.index}].onAdmission`), `onAdmission on a ${c.type} claim`));
  }
  return findings ?? NO_FINDINGS;
});

/** BV-00454 "Claim.diagnosis.sequence SHALL be unique within the claim request". */
export const BV_00454 = claimRule('BV-00454', (c) => {
  const repeated = repeatedSequences(c.diagnoses);
  return repeated.length === 0 ? NO_FINDINGS : repeated.map((d) => error('BV-00454', c.path(`diagnosis[${d.index}].sequence`), `sequence ${String(d.sequence)} is repeated`));
});

/** BV-00453 "Claim.supportingInfo.sequence SHALL be unique within the claim request". */
export const BV_00453 = claimRule('BV-00453', (c) => {
  const repeated = repeatedSequences(c.supportingInfo);
  return repeated.length === 0 ? NO_FINDINGS : repeated.map((s) => error('BV-00453', c.path(`supportingInfo[${s.index}].sequence`), `sequence ${String(s.sequence)} is repeated`));
});

function itemPointerRule(id: string, pointer: 'diagnosisSequence' | 'informationSequence', target: 'diagnosis' | 'supportingInfo'): Rule {
  return claimRule(id, (c) => {
    const known = new Sequences(target === 'diagnosis' ? c.diagnoses : c.supportingInfo);
    let findings: Finding[] | undefined;
    for (const { index, item } of c.items) {
      const values = asArray(item[pointer]);
      for (let k = 0; k < values.length; k += 1) {
        const value = values[k];
        if (!known.has(value)) (findings ??= []).push(error(id, c.path(`item[${index}].${pointer}[${k}]`), `no ${target} with sequence ${String(value)}`));
      }
    }
    return findings ?? NO_FINDINGS;
  });
}

/** BV-00444 "For item diagnosisSequence SHALL match an existing diagnosis.sequence within the same claim". */
export const BV_00444 = itemPointerRule('BV-00444', 'diagnosisSequence', 'diagnosis');
/** BV-00443 "For item supportingInfoSequence SHALL match an existing supportingInfo.sequence within the same claim". */
export const BV_00443 = itemPointerRule('BV-00443', 'informationSequence', 'supportingInfo');

function inpatientOnlyTypeRule(id: string, diagnosisType: string): Rule {
  return claimRule(id, (c) => {
    if (c.type === 'institutional' && c.subType === 'ip' && c.use === 'claim') return NO_FINDINGS;
    let findings: Finding[] | undefined;
    for (const d of c.diagnoses) {
      for (let k = 0; k < d.types.length; k += 1) {
        if (d.types[k] === diagnosisType) (findings ??= []).push(error(id, c.path(`diagnosis[${d.index}].type[${k}]`), `"${diagnosisType}" needs an institutional inpatient claim`));
      }
    }
    return findings ?? NO_FINDINGS;
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
    if (!c.newborn) return NO_FINDINGS;
    for (const d of c.diagnoses) for (const code of d.codes) if (code.normalised.startsWith(category)) return NO_FINDINGS;
    return [error('BV-00557', c.path('diagnosis'), `a newborn claim needs a ${category}.x diagnosis`)];
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
    if (!usedFor(c, CLAIM_OR_AUTH) || accidentType(c) === accident) return NO_FINDINGS;
    for (const d of c.diagnoses) {
      for (let k = 0; k < d.codes.length; k += 1) {
        if (list.has((d.codes[k] as DiagnosisCode).normalised)) {
          return [error(id, c.path(`diagnosis[${d.index}].diagnosisCodeableConcept.coding[${k}].code`), `this diagnosis needs accident type ${accident}`)];
        }
      }
    }
    return NO_FINDINGS;
  });
}

/** `claim.accident.type = accident` needs a diagnosis from `list` (BV-00748 WPA, BV-00757 MVA). */
export function diagnosisForAccidentRule(id: string, accident: string, list: ReadonlySet<string>): Rule {
  return claimRule(id, (c) => {
    if (!usedFor(c, CLAIM_OR_AUTH) || accidentType(c) !== accident) return NO_FINDINGS;
    for (const d of c.diagnoses) for (const code of d.codes) if (list.has(code.normalised)) return NO_FINDINGS;
    return [error(id, c.path('accident'), `accident type ${accident} needs a diagnosis from its list`)];
  });
}
