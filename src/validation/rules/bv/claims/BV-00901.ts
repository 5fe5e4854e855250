import { fixedStatusRule } from './fixed-status.js';

/** BV-00901 "Location.status SHALL use the fixed value "active"". */
export const BV_00901 = fixedStatusRule('BV-00901', 'Location', 'active', 'every-entry');
