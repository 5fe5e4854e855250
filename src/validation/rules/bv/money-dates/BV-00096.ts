import type { JsonObject } from '../../../../fhir/json.js';
import { claimRule } from './claim-context.js';
import { currencyProblem, hasForeignCurrency } from './money.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00096 "Claim.Total.Currency ShALL be SAR".
 */
export const BV_00096 = claimRule('BV-00096', ({ claim }) => (hasForeignCurrency(claim.total) ? [currencyProblem(claim.total as JsonObject, 'total')] : NO_PROBLEMS));
