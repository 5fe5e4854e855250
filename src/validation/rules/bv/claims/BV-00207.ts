import { fullUrlRule } from './full-url.js';

/** BV-00207 "Resource URL SHALL contain the full URL as well as the Resource.id". */
export const BV_00207 = fullUrlRule('BV-00207', 'id');
