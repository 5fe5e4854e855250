import { classesLongerThan } from './coverage.js';
import { resourceRule } from './support.js';

/**
 * BV-00322 "Coverage.class.value SHALL have maximum length of 30 characters".
 */
export const BV_00322 = resourceRule('BV-00322', 'Coverage', 'all', (coverage) => classesLongerThan(coverage, 'value', 30));
