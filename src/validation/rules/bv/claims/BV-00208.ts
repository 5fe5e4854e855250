import { fullUrlRule } from './full-url.js';

/** BV-00208 "Resource URL SHALL match the Resource.type". */
export const BV_00208 = fullUrlRule('BV-00208', 'type');
