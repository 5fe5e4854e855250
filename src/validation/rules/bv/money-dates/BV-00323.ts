import { classesLongerThan } from './coverage.js';
import { resourceRule } from './support.js';

/**
 * BV-00323 "Coverage.class.name SHALL have maximum length of 100 characters".
 */
export const BV_00323 = resourceRule('BV-00323', 'Coverage', 'all', (coverage) => classesLongerThan(coverage, 'name', 100));
