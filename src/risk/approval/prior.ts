/**
 * The model a gateway scores with before any model was trained on its payers' decisions: no trees,
 * only a prior approval rate, so every request gets the same probability and no reasons. It says
 * nothing it has not learned; `wasl train --from-store` replaces it once decisions have flowed.
 */
import { MODEL_FORMAT, type ModelFile } from './model.js';

/** Share of prior authorizations and claims approved as sent, before anything is known. */
export const PRIOR_APPROVAL_RATE = 0.85;

export const APPROVAL_MODEL_ID = 'wasl-approval-gbdt';

export const PRIOR_MODEL: ModelFile = Object.freeze({
  format: MODEL_FORMAT,
  modelId: 'wasl-approval-prior',
  version: '0',
  createdAt: '1970-01-01T00:00:00.000Z',
  global: { baseScore: Math.log(PRIOR_APPROVAL_RATE / (1 - PRIOR_APPROVAL_RATE)), trees: [], examples: 0 },
  perPayer: {},
  history: {},
});
