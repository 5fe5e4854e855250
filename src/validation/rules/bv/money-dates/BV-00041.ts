import { itemWithinEncounterRule } from './within-encounter.js';

/** BV-00041 "Claim - Item serviced[x] SHALL be within the encounter period" (claim-request). */
export const BV_00041 = itemWithinEncounterRule('BV-00041');
