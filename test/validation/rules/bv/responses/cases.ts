/**
 * Table-driven tests for the response-side rules: each case copies an official sample, checks the
 * rule is silent on it, breaks the copy on purpose and expects exactly the listed findings of that
 * rule (other rules' findings on the same defect are their own tests' business).
 */
import { describe, expect, it } from 'vitest';
import { sample } from '../../../../support/samples.js';
import { findingsOf } from '../../../../support/validator.js';

export interface Case {
  readonly id: string;
  readonly file: string;
  readonly why: string;
  readonly mutate: (bundle: any) => void;
  /** Expressions of the findings expected, in order. */
  readonly expect: readonly string[];
}

export const R = 'Bundle.entry[1].resource';
export const H = 'Bundle.entry[0].resource';

export function runCases(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      it(`${c.id}: ${c.why} (${c.file})`, () => {
        const original = sample(c.file).json;
        expect(findingsOf(original).filter((f) => f.code === c.id)).toEqual([]);
        const bundle = structuredClone(original);
        c.mutate(bundle);
        expect(findingsOf(bundle).filter((f) => f.code === c.id)).toEqual(c.expect.map((expression) => ({ code: c.id, expression })));
      });
    }
  });
}

/** Samples used below, by role. */
export const S = {
  auth: '2b-first-response-for-first-preauth-dental-request.json',
  authApproved: '2e-second-response-for-second-preauth-dental-request.json',
  authNotes: '5b-preauth-professional-response.json',
  claim: '7b-claim-response.json',
  eligibility: '14b-eligibility-response-ben-val.json',
  eligibilityError: '15c-eligibility-response-discovery-outcome-error.json',
  eligibilitySite: 'eligibility-response-d845ef69-9a53-e9b9-f114-db0bc8a7f7bf.json',
  cancel: '17a-cancel-request.json',
  cancelAnswer: '17b-cancel-response-do-not-process.json',
  status: '9b-statuscheck-request.json',
  statusAnswer: '9c-statuscheck-response-do-not-process.json',
  poll: '12a-poll-request.json',
  commRequest: '18a-communication-request.json',
  communication: '18b-communication-response-solicited.json',
  reconciliation: '13a-payment-reconciliation.json',
  notice: '13b-payment-notice.json',
  batch: '16-batch-request.json',
} as const;

/** The focal resource (entry 1) of a bundle. */
export function focal(bundle: any): any {
  return bundle.entry[1].resource;
}

export const LONG = (n: number): string => 'x'.repeat(n);
export const LONG_AR = (n: number): string => 'ع'.repeat(n);
export const FUTURE = '2999-01-01';
