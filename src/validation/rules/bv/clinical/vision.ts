/** VisionPrescription rules. */
import { error } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimsOf, objects, resourcesOf } from './claim-view.js';

const UCUM = 'http://unitsofmeasure.org';

/** BV-00398 "lensSpecification.duration.system MUST be present and refer to UCUM when duration is used". */
export const BV_00398: Rule = {
  id: 'BV-00398',
  check: (message) =>
    resourcesOf(message, 'VisionPrescription').flatMap(({ resource, path }) =>
      asArray(resource.lensSpecification).flatMap((raw, k) => {
        const duration = asObject(asObject(raw)?.duration);
        return duration && duration.system !== UCUM ? [error('BV-00398', path(`lensSpecification[${k}].duration.system`), `must be ${UCUM}`)] : [];
      }),
    ),
};

/** BV-00399 "lensSpecification.duration.value MUST be provided when duration is used". */
export const BV_00399: Rule = {
  id: 'BV-00399',
  check: (message) =>
    resourcesOf(message, 'VisionPrescription').flatMap(({ resource, path }) =>
      asArray(resource.lensSpecification).flatMap((raw, k) => {
        const duration = asObject(asObject(raw)?.duration);
        return duration && duration.value === undefined ? [error('BV-00399', path(`lensSpecification[${k}].duration.value`), 'duration needs a value')] : [];
      }),
    ),
};

/** BV-00465 "VisionPrescription.lensSpecification.eye SHALL be unique within the prescription" (per eye and product). */
export const BV_00465: Rule = {
  id: 'BV-00465',
  check: (message) =>
    resourcesOf(message, 'VisionPrescription').flatMap(({ resource, path }) => {
      const seen = new Set<string>();
      return asArray(resource.lensSpecification).flatMap((raw, k) => {
        const spec = asObject(raw);
        const eye = asString(spec?.eye);
        if (eye === undefined) return [];
        const key = `${eye}|${JSON.stringify(asObject(spec?.product)?.coding ?? null)}`;
        const repeated = seen.has(key);
        seen.add(key);
        return repeated ? [error('BV-00465', path(`lensSpecification[${k}].eye`), `the ${eye} eye is specified twice`)] : [];
      });
    }),
};

/**
 * BV-00468 "VisionPrescription resource SHALL exist only when MessageHeader.eventCoding="claim-request"
 * or "priorauth-request" and Claim.type.coding.code="vision" or "institutional"".
 */
export const BV_00468: Rule = {
  id: 'BV-00468',
  check: (message) => {
    const prescriptions = resourcesOf(message, 'VisionPrescription');
    if (prescriptions.length === 0) return [];
    const claimEvent = message.event.code === 'claim-request' || message.event.code === 'priorauth-request';
    const visionClaim = claimsOf(message).some((c) => c.type === 'vision' || c.type === 'institutional');
    return claimEvent && visionClaim ? [] : prescriptions.map(({ path }) => error('BV-00468', path(), 'VisionPrescription is for vision or institutional claims'));
  },
};

/**
 * BV-00565 "If data type is Ref4 then either display or (type with identifier) SHALL be provided"
 * (VisionPrescription.prescriber). Ref.4 is the NPHIES reference that may be given as a literal
 * reference, or else as a display or a typed identifier; only the last two forms are checked here.
 */
export const BV_00565: Rule = {
  id: 'BV-00565',
  check: (message) =>
    resourcesOf(message, 'VisionPrescription').flatMap(({ resource, path }) => {
      const prescriber = asObject(resource.prescriber);
      if (!prescriber || asString(prescriber.reference) !== undefined) return [];
      const display = asString(prescriber.display)?.trim();
      const typed = prescriber.type !== undefined && objects([prescriber.identifier]).length > 0;
      return display || typed ? [] : [error('BV-00565', path('prescriber'), 'give a display, or a type with an identifier')];
    }),
};
