import { describe, expect, it } from 'vitest';
import { evaluate, expectedCalibrationError, logLoss, rocAuc } from '../../../src/risk/approval/metrics.js';

describe('approval metrics', () => {
  it('rocAuc: perfect, reversed, ties counted half, one class only', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    // One of the four positive-negative pairs is ordered wrongly: 3/4.
    expect(rocAuc([0.1, 0.6, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBe(0.5);
  });

  it('expectedCalibrationError: zero when each bin comes true at its rate, the gap otherwise', () => {
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])).toBeCloseTo(0, 12);
    // All predicted 0.95, half come true: the gap is 0.45.
    expect(expectedCalibrationError([0.95, 0.95], [1, 0])).toBeCloseTo(0.45, 12);
  });

  it('logLoss and precision at the auto-approve threshold', () => {
    expect(logLoss([0.5, 0.5], [1, 0])).toBeCloseTo(Math.log(2), 12);
    const summary = evaluate([0.95, 0.92, 0.91, 0.3], [1, 0, 1, 0], 0.9);
    expect(summary).toMatchObject({ examples: 4, approvalRate: 0.5, autoApproveShare: 0.75 });
    expect(summary.precisionAtThreshold).toBeCloseTo(2 / 3, 12);
  });
});
