import { having, maxLengthRule } from './max-length.js';

/** The positiveInt elements of claims and claim responses: sequences and the links to them. */
const POSITIVE_INT_ELEMENTS = [
  'sequence', 'careTeamSequence', 'diagnosisSequence', 'procedureSequence', 'informationSequence',
  'itemSequence', 'detailSequence', 'subDetailSequence',
];

/** BV-00272 "positiveInt dataType SHALL have a maximum length of 11 Characters" (measured on the number's decimal form). */
export const BV_00272 = maxLengthRule('BV-00272', { english: 11 }, having(...POSITIVE_INT_ELEMENTS));
