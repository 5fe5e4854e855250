import { responseRequestRule } from './response-request.js';

/** BV-00203 "Request element SHALL contain a valid identifier". */
export const BV_00203 = responseRequestRule('BV-00203', 'no-identifier');
