/** VisionPrescription rules. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { claimsOf, resourcesOf, type TypedEntry } from './claim-view.js';
import { FEW, NO_FINDINGS } from './concepts.js';

const UCUM = 'http://unitsofmeasure.org';

/** A rule on each lens specification's duration: `broken` says whether `duration.<element>` is at fault. */
function durationRule(id: string, element: 'system' | 'value', broken: (duration: JsonObject) => boolean, diagnostics: string): Rule {
  return {
    id,
    check: (message) => {
      let findings: Finding[] | undefined;
      for (const entry of resourcesOf(message, 'VisionPrescription')) {
        const specs = asArray(entry.resource.lensSpecification);
        for (let k = 0; k < specs.length; k += 1) {
          const duration = asObject(asObject(specs[k])?.duration);
          if (duration && broken(duration)) (findings ??= []).push(error(id, entryPath(message, entry.index, `lensSpecification[${k}].duration.${element}`), diagnostics));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** BV-00398 "lensSpecification.duration.system MUST be present and refer to UCUM when duration is used". */
export const BV_00398 = durationRule('BV-00398', 'system', (duration) => duration.system !== UCUM, `must be ${UCUM}`);

/** BV-00399 "lensSpecification.duration.value MUST be provided when duration is used". */
export const BV_00399 = durationRule('BV-00399', 'value', (duration) => duration.value === undefined, 'duration needs a value');

/** What makes two lens specifications of one eye the same: the product's codings, as JSON. */
function productKey(spec: Record<string, unknown> | undefined): string {
  return JSON.stringify(asObject(spec?.product)?.coding ?? null);
}

/**
 * BV-00465 "VisionPrescription.lensSpecification.eye SHALL be unique within the prescription" (per eye and product).
 * The product is compared only when an eye comes back, so the usual right-and-left prescription
 * serialises nothing.
 */
export const BV_00465: Rule = {
  id: 'BV-00465',
  check: (message) => {
    let findings: Finding[] | undefined;
    for (const entry of resourcesOf(message, 'VisionPrescription')) {
      const specs = asArray(entry.resource.lensSpecification);
      if (specs.length > FEW) {
        findings = repeatedEyesOfMany(message, entry, specs, findings);
        continue;
      }
      for (let k = 1; k < specs.length; k += 1) {
        const spec = asObject(specs[k]);
        const eye = asString(spec?.eye);
        if (eye === undefined || !repeatsEarlierSpec(specs, k, eye, spec)) continue;
        (findings ??= []).push(error('BV-00465', entryPath(message, entry.index, `lensSpecification[${k}].eye`), `the ${eye} eye is specified twice`));
      }
    }
    return findings ?? NO_FINDINGS;
  },
};

/** BV-00465 past FEW specifications: one `eye|product` key each, in a Set. */
function repeatedEyesOfMany(message: MessageUnderTest, entry: TypedEntry, specs: readonly unknown[], findings: Finding[] | undefined): Finding[] | undefined {
  const seen = new Set<string>();
  for (let k = 0; k < specs.length; k += 1) {
    const spec = asObject(specs[k]);
    const eye = asString(spec?.eye);
    if (eye === undefined) continue;
    const key = `${eye}|${productKey(spec)}`;
    if (seen.has(key)) (findings ??= []).push(error('BV-00465', entryPath(message, entry.index, `lensSpecification[${k}].eye`), `the ${eye} eye is specified twice`));
    seen.add(key);
  }
  return findings;
}

/** Does a specification before `k` name the same eye and product as `spec`? */
function repeatsEarlierSpec(specs: readonly unknown[], k: number, eye: string, spec: Record<string, unknown> | undefined): boolean {
  let key: string | undefined;
  for (let i = 0; i < k; i += 1) {
    const earlier = asObject(specs[i]);
    if (asString(earlier?.eye) !== eye) continue;
    key ??= productKey(spec);
    if (productKey(earlier) === key) return true;
  }
  return false;
}

/**
 * BV-00468 "VisionPrescription resource SHALL exist only when MessageHeader.eventCoding="claim-request"
 * or "priorauth-request" and Claim.type.coding.code="vision" or "institutional"".
 */
export const BV_00468: Rule = {
  id: 'BV-00468',
  check: (message) => {
    const prescriptions = resourcesOf(message, 'VisionPrescription');
    if (prescriptions.length === 0) return NO_FINDINGS;
    const claimEvent = message.event.code === 'claim-request' || message.event.code === 'priorauth-request';
    const visionClaim = claimsOf(message).some((c) => c.type === 'vision' || c.type === 'institutional');
    return claimEvent && visionClaim ? NO_FINDINGS : prescriptions.map((entry) => error('BV-00468', entryPath(message, entry.index), 'VisionPrescription is for vision or institutional claims'));
  },
};

/**
 * BV-00565 "If data type is Ref4 then either display or (type with identifier) SHALL be provided"
 * (VisionPrescription.prescriber). Ref.4 is the NPHIES reference that may be given as a literal
 * reference, or else as a display or a typed identifier; only the last two forms are checked here.
 */
export const BV_00565: Rule = {
  id: 'BV-00565',
  check: (message) => {
    let findings: Finding[] | undefined;
    for (const entry of resourcesOf(message, 'VisionPrescription')) {
      const prescriber = asObject(entry.resource.prescriber);
      if (!prescriber || asString(prescriber.reference) !== undefined) continue;
      const display = asString(prescriber.display)?.trim();
      const typed = prescriber.type !== undefined && asObject(prescriber.identifier) !== undefined;
      if (!display && !typed) (findings ??= []).push(error('BV-00565', entryPath(message, entry.index, 'prescriber'), 'give a display, or a type with an identifier'));
    }
    return findings ?? NO_FINDINGS;
  },
};
