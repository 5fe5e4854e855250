import { itemWithinEncounterRule } from './within-encounter.js';

/** BV-00118 "Authorization - Item serviced[x] SHALL be within the encounter period" (priorauth-request). */
export const BV_00118 = itemWithinEncounterRule('BV-00118');
