import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { asObject } from '../../../../fhir/json.js';
import { patientOf } from './claim-context.js';

/**
 * BV-00851 "Patient.birthdate shall be on or before Encounter.period.start when encounter.period.start exists".
 * The Patient is Encounter.subject.
 */
export const BV_00851 = resourceRule('BV-00851', 'Encounter', 'all', (encounter, scan): Problem[] => {
  const start = parseDate(asObject(encounter.period)?.start);
  const patient = patientOf(encounter, scan.index, 'subject');
  const birth = parseDate(patient?.resource?.birthDate);
  return patient && start && birth && compareDates(birth, start) > 0
    ? [{ at: 'birthDate', entry: patient.index, why: 'the patient is born after the encounter starts' }]
    : [];
});
