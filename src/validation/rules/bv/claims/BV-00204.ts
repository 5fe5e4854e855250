import { responseRequestRule } from './response-request.js';

/** BV-00204 "Request element SHALL contain an identifier and not a Reference". */
export const BV_00204 = responseRequestRule('BV-00204', 'literal-reference');
