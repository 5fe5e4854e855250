/** Every FWA family the gateway can run, by id (issue 14, item 5); which run, and how, is data. */
import type { FamilyId, FwaFamily } from './family.js';
import { ageGender } from './families/age-gender.js';
import { beyondPreauth } from './families/beyond-preauth.js';
import { dateImpossible } from './families/date-impossible.js';
import { duplicateExact } from './families/duplicate-exact.js';
import { duplicateNear } from './families/duplicate-near.js';
import { frequencyLimit } from './families/frequency-limit.js';
import { providerOutlier } from './families/provider-outlier.js';
import { quantityLimit } from './families/quantity-limit.js';
import { resubmission } from './families/resubmission.js';
import { unbundling } from './families/unbundling.js';

export const FAMILIES: ReadonlyMap<FamilyId, FwaFamily<any>> = new Map<FamilyId, FwaFamily<any>>(
  [duplicateExact, duplicateNear, resubmission, unbundling, quantityLimit, frequencyLimit, ageGender, dateImpossible, beyondPreauth, providerOutlier].map((f) => [f.id, f]),
);
