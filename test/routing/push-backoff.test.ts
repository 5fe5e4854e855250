/** Retry delays of push delivery (src/routing/push/backoff.ts): exponential ceiling, capped, full jitter. */
import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from '../../src/routing/push/backoff.js';

describe('backoff', () => {
  it('the ceiling doubles per failure from the base and stops at the cap', () => {
    const options = { baseMs: 20, maxMs: 300 };
    expect([1, 2, 3, 4, 5, 6].map((failures) => backoffCeiling(failures, options))).toEqual([20, 40, 80, 160, 300, 300]);
  });

  it('does not overflow after very many failures', () => {
    expect(backoffCeiling(10_000, { baseMs: 250, maxMs: 30_000 })).toBe(30_000);
  });

  it('full jitter: the delay is the random fraction of the ceiling', () => {
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0.5 })).toBe(200);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0.999_999 })).toBe(400);
  });

  it('with the default random source every delay stays within [0, ceiling]', () => {
    for (let failures = 1; failures <= 12; failures += 1) {
      const delay = backoffDelay(failures, { baseMs: 50, maxMs: 5000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(backoffCeiling(failures, { baseMs: 50, maxMs: 5000 }));
    }
  });
});
