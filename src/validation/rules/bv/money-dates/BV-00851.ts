import { patientOf } from './claim-context.js';
import { compareDates, parseDate } from './dates.js';
import { isObject, NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00851 "Patient.birthdate shall be on or before Encounter.period.start when encounter.period.start exists".
 * The Patient is Encounter.subject.
 */
export const BV_00851 = resourceRule('BV-00851', 'Encounter', 'all', (encounter, message) => {
  const start = parseDate(isObject(encounter.period) ? encounter.period.start : undefined);
  if (!start) return NO_PROBLEMS;
  const patient = patientOf(encounter, message, 'subject');
  const birth = parseDate(patient?.resource?.birthDate);
  return patient && birth && compareDates(birth, start) > 0 ? [{ at: 'birthDate', entry: patient.index, why: 'the patient is born after the encounter starts' }] : NO_PROBLEMS;
});
