import { lengthRule } from './max-length.js';

/** BV-00263 "instant dataType SHALL have a maximum length of 29 Characters" (Meta.lastUpdated, the instant inside NPHIES resources). */
export const BV_00263 = lengthRule('BV-00263');
