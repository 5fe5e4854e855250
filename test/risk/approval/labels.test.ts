import { describe, expect, it } from 'vitest';
import { answerRequest } from '../../../src/payer-sim/answers.js';
import { decide, parsePolicy } from '../../../src/payer-sim/policy.js';
import { decisionOf } from '../../../src/risk/approval/labels.js';
import { sample } from '../../support/samples.js';

const payer = { licence: 'N-I-00001', system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };

describe('decisionOf', () => {
  it('reads a policy payer rejection (outcome and the items\' reason codes) and an approval', () => {
    const policy = parsePolicy({ default: 'approve', noise: 0, seed: 1, rules: [{ when: { claimType: ['oral'] }, decision: 'reject', reason: 'CV-1-4' }] });
    const dental = sample('2a-first-preauth-dental-request-with-multiple-items.json').json;
    const rejected = answerRequest(dental, payer, new Date(), (message) => decide(message, policy))!;
    expect(decisionOf(rejected)).toEqual({ approved: false, reasons: ['CV-1-4'] });
    const professional = answerRequest(sample('5a-preauth-professional-request.json').json, payer, new Date(), (message) => decide(message, policy))!;
    expect(decisionOf(professional)).toEqual({ approved: true, reasons: [] });
  });

  it('reads the official answers: 7b approved; an answer with no adjudication is no decision', () => {
    expect(decisionOf(sample('7b-claim-response.json').json)).toMatchObject({ approved: true });
    expect(decisionOf(sample('14b-eligibility-response-ben-val.json').json)).toBeUndefined();
  });
});
