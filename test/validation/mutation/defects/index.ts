/** Every kind of defect of the mutation test, by family. */
import { CLINICAL_DEFECTS } from './clinical.js';
import { DATE_DEFECTS } from './dates.js';
import { FOUNDATION_DEFECTS } from './foundation.js';
import type { Defect } from './kit.js';
import { MESSAGE_DEFECTS } from './messages.js';
import { MONEY_DEFECTS } from './money.js';
import { PROFILE_DEFECTS } from './profile.js';
import { REFERENCE_DEFECTS } from './references.js';
import { RESPONSE_DEFECTS } from './responses.js';
import { SEQUENCE_DEFECTS } from './sequences.js';

export type { Defect, Expectation } from './kit.js';

export const DEFECTS: readonly Defect[] = [
  ...FOUNDATION_DEFECTS,
  ...PROFILE_DEFECTS,
  ...REFERENCE_DEFECTS,
  ...MONEY_DEFECTS,
  ...DATE_DEFECTS,
  ...SEQUENCE_DEFECTS,
  ...CLINICAL_DEFECTS,
  ...RESPONSE_DEFECTS,
  ...MESSAGE_DEFECTS,
];
