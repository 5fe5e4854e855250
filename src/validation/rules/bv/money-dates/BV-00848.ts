import { compareDates, isInFuture, parseDate } from './dates.js';
import { NO_PROBLEMS, resourceRule } from './support.js';

const EARLIEST = parseDate('1900-01-01')!;

/**
 * BV-00848 "Patient.birthdate shall be on or before currentDate and after 1900-01-01".
 * Current date is the gateway clock (`context.now()`). The display ("not ... before 1st Jan 1900") makes 1900-01-01 itself valid.
 */
export const BV_00848 = resourceRule('BV-00848', 'Patient', 'all', (patient, _message, context) => {
  const birth = parseDate(patient.birthDate);
  if (!birth) return NO_PROBLEMS;
  const tooEarly = compareDates(birth, EARLIEST) < 0;
  return tooEarly || isInFuture(birth, context.now()) ? [{ at: 'birthDate', why: 'birthDate must be between 1900-01-01 and today' }] : NO_PROBLEMS;
});
