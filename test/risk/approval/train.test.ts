import { describe, expect, it } from 'vitest';
import { PRIOR_MODEL } from '../../../src/risk/approval/prior.js';
import { NotEnoughDecisionsError, promotionDecision, scoreAll, trainApprovalModel } from '../../../src/risk/approval/train.js';
import { evaluate } from '../../../src/risk/approval/metrics.js';
import { packagePath } from '../../../src/package-root.js';
import { loadReasonCatalogue } from '../../../src/risk/approval/reason-codes.js';
import { CompiledModel, scoreWith } from '../../../src/risk/approval/scorer.js';
import { decidedRequests, priorauthWith, type RequestFacts } from '../../support/approval-requests.js';

/** Physiotherapy for a sprained knee is rejected (AD-1-4), as is anything over 1,500 SAR (BE-1-3). */
const policy = (f: RequestFacts): string | undefined => (f.dx === 'S83.1' && f.svc === '83620-00-10' ? 'AD-1-4' : f.net > 1500 ? 'BE-1-3' : undefined);

describe('trainApprovalModel', () => {
  const requests = decidedRequests(1500, 3, policy);

  it('beats the built-in prior on the held-out slice and is promoted over it, its reasons coded', () => {
    const { model, report } = trainApprovalModel(requests, PRIOR_MODEL, { seed: 5, now: new Date(Date.UTC(2026, 1, 1)) });
    expect(report).toMatchObject({ examples: 1500, trainExamples: 1200, holdoutExamples: 300, promote: true });
    expect(report.current.auc).toBe(0.5);
    expect(report.candidate.auc).toBeGreaterThan(0.97);
    expect(report.payers).toEqual([{ payer: 'N-I-00001', decisions: 1200, booster: 'own' }]);
    expect(model.version).toMatch(/^20260201T000000Z-[0-9a-f]{8}$/);
    expect(model.history['N-F-00001|N-I-00001']!.total).toBe(1500);
    const catalogue = loadReasonCatalogue(packagePath('schemas'));
    const request = { bundle: priorauthWith({ dx: 'S83.1', svc: '83620-00-10', age: 40, gender: 'male', net: 300, quantity: 1 }), sender: 'N-F-00001', recipient: 'N-I-00001', event: 'priorauth-request', receivedAt: 0 };
    const score = scoreWith(new CompiledModel(model), request, catalogue)!;
    expect(score.probability).toBeLessThan(0.2);
    expect(score.reasons[0]).toMatchObject({ code: 'AD-1-4', display: 'Diagnosis is inconsistent with service/procedure' });
    expect(['dx=S83.1', 'svc=83620-00-10', 'dx3=S83']).toContain(score.reasons[0]!.feature);
  });

  it('refuses a candidate that is worse than the model in use', () => {
    const good = trainApprovalModel(requests, PRIOR_MODEL, { seed: 5 }).model;
    const weak = trainApprovalModel(requests, good, { seed: 5, params: { trees: 1, depth: 1 } });
    expect(weak.report.candidate.auc).toBeLessThan(weak.report.current.auc);
    expect(weak.report.promote).toBe(false);
    expect(weak.report.why).toMatch(/^not better on the held-out slice/);
    // The model in use is scored as the gateway would: the same held-out numbers as its own training found.
    const holdout = requests.slice(1200);
    expect(evaluate(...scoreAll(good, holdout), 0.9).auc).toBeCloseTo(weak.report.current.auc, 12);
  });

  it('promotionDecision: a higher AUC with a worse log loss is refused, the same AUC with a lower log loss promoted', () => {
    const base = { examples: 100, approvalRate: 0.8, ece: 0.05, autoApproveThreshold: 0.9, precisionAtThreshold: 0.9, autoApproveShare: 0.5 };
    expect(promotionDecision({ ...base, auc: 0.9, logLoss: 0.5 }, { ...base, auc: 0.8, logLoss: 0.4 })).toMatchObject({ promote: false, why: expect.stringMatching(/^higher AUC but worse probabilities/) });
    expect(promotionDecision({ ...base, auc: 0.801, logLoss: 0.3 }, { ...base, auc: 0.8, logLoss: 0.4 })).toMatchObject({ promote: true, why: expect.stringMatching(/^same ranking/) });
    // A much better ranking is promoted even when its binned calibration error is higher (log loss judges).
    expect(promotionDecision({ ...base, auc: 0.95, ece: 0.08, logLoss: 0.23 }, { ...base, auc: 0.5, ece: 0.02, logLoss: 0.46 }).promote).toBe(true);
  });

  it('refuses to train on too few decisions, with a code', () => {
    expect(() => trainApprovalModel(requests.slice(0, 10), PRIOR_MODEL)).toThrow(NotEnoughDecisionsError);
  });
});
