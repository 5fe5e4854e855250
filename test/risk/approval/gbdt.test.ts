import { describe, expect, it } from 'vitest';
import { Booster } from '../../../src/risk/approval/booster.js';
import { NUMERIC_FEATURES, type ApprovalFeatures } from '../../../src/risk/approval/features.js';
import { DEFAULT_GBDT, mulberry32, trainBooster, type TrainingExample } from '../../../src/risk/approval/gbdt.js';
import { rocAuc } from '../../../src/risk/approval/metrics.js';

function features(tokens: string[], net: number): ApprovalFeatures {
  const numbers = new Float64Array(NUMERIC_FEATURES.length).fill(Number.NaN);
  numbers[0] = net;
  return { tokens: new Set(tokens), numbers };
}

/**
 * Rejected exactly when diagnosis A comes with service X (reason AD-1-4), or the net is above 900
 * (reason BE-1-3): neither the diagnosis nor the service alone says anything.
 */
function dataset(n: number, seed: number): TrainingExample[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const dx = random() < 0.5 ? 'A' : 'B';
    const svc = random() < 0.5 ? 'X' : 'Y';
    const net = Math.round(random() * 1000);
    const noise = `noise=${Math.floor(random() * 4)}`;
    const interaction = dx === 'A' && svc === 'X';
    const rejected = interaction || net > 900;
    return {
      features: features([`dx=${dx}`, `svc=${svc}`, noise], net),
      label: rejected ? 0 : 1,
      reasons: rejected ? [interaction ? 'AD-1-4' : 'BE-1-3'] : [],
    } satisfies TrainingExample;
  });
}

describe('trainBooster', () => {
  const train = dataset(2000, 1);
  const test = dataset(1000, 2);
  const params = { ...DEFAULT_GBDT, trees: 60 };

  it('learns a diagnosis x service interaction and a threshold on a number', () => {
    const booster = new Booster(trainBooster(train, params));
    const margins = test.map((e) => booster.margin(e.features));
    expect(rocAuc(margins, test.map((e) => e.label))).toBeGreaterThan(0.99);
  });

  it('is reproducible with a seed, and the seed matters', () => {
    const a = trainBooster(train, { ...params, seed: 7 });
    const b = trainBooster(train, { ...params, seed: 7 });
    const c = trainBooster(train, { ...params, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('contributions sum to the log-odds minus the bias, and carry the payer reason of their branch', () => {
    const booster = new Booster(trainBooster(train, params));
    for (const example of test.slice(0, 50)) {
      const { margin, contributions } = booster.explain(example.features);
      expect(margin).toBeCloseTo(booster.margin(example.features), 9);
      expect(contributions.reduce((s, c) => s + c.contribution, booster.bias)).toBeCloseTo(margin, 9);
    }
    const interaction = booster.explain(features(['dx=A', 'svc=X'], 100)).contributions.sort((x, y) => x.contribution - y.contribution);
    expect(interaction[0]!.contribution).toBeLessThan(-0.5);
    // dx=A is "not dx=B" here: either name is the same fact.
    expect(['dx=A', 'svc=X', 'not dx=B', 'not svc=Y']).toContain(interaction[0]!.feature);
    expect(interaction[0]!.reason).toBe('AD-1-4');
    const expensive = booster.explain(features(['dx=B', 'svc=Y'], 990)).contributions.sort((x, y) => x.contribution - y.contribution);
    expect(expensive[0]).toMatchObject({ feature: 'net', reason: 'BE-1-3' });
  });
});
