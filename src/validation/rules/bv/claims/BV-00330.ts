import { fixedStatusRule } from './fixed-status.js';

/** BV-00330 "Claim.status SHALL use the fixed value "active"". */
export const BV_00330 = fixedStatusRule('BV-00330', 'Claim', 'active', 'focal');
