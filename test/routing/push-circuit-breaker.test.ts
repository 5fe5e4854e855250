/** The per-payer circuit breaker of push delivery (src/routing/push/circuit-breaker.ts), on an injected clock. */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/routing/push/circuit-breaker.js';

function breaker(failureThreshold = 3, openMs = 1000) {
  const clock = { now: 10_000 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, openMs, now: () => clock.now }) };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker: b } = breaker(3);
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(2);
    expect(b.tryAcquire()).toBe('granted');
    b.succeeded();
    expect(b.consecutiveFailures).toBe(0);
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
  });

  it('opens after threshold consecutive failures and denies every attempt during the cool-down', () => {
    const { clock, breaker: b } = breaker(3, 1000);
    for (let i = 0; i < 3; i += 1) b.failed();
    expect(b.state).toBe('open');
    expect(b.reopensAt).toBe(11_000);
    expect(b.tryAcquire()).toBe('denied');
    clock.now = 10_999;
    expect(b.tryAcquire()).toBe('denied');
  });

  it('after the cool-down lets exactly one probe through; its success closes the breaker', () => {
    const { clock, breaker: b } = breaker(2, 1000);
    b.failed();
    b.failed();
    clock.now = 11_000;
    expect(b.state).toBe('half-open');
    expect(b.reopensAt).toBeUndefined();
    expect(b.tryAcquire()).toBe('probe');
    expect(b.tryAcquire()).toBe('denied');
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.consecutiveFailures).toBe(0);
    expect(b.tryAcquire()).toBe('granted');
    expect(b.tryAcquire()).toBe('granted');
  });

  it('a failed probe opens it again for a new cool-down', () => {
    const { clock, breaker: b } = breaker(2, 1000);
    b.failed();
    b.failed();
    clock.now = 12_000;
    expect(b.tryAcquire()).toBe('probe');
    b.failed();
    expect(b.state).toBe('open');
    expect(b.reopensAt).toBe(13_000);
    expect(b.tryAcquire()).toBe('denied');
    clock.now = 13_000;
    expect(b.tryAcquire()).toBe('probe');
  });

  it('an unused probe can be given back and handed out again', () => {
    const { clock, breaker: b } = breaker(1, 500);
    b.failed();
    clock.now += 500;
    expect(b.tryAcquire()).toBe('probe');
    b.releaseProbe();
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe('probe');
  });

  it('a straggler failing while open does not extend the cool-down', () => {
    const { clock, breaker: b } = breaker(1, 1000);
    b.failed();
    clock.now += 600;
    b.failed();
    expect(b.reopensAt).toBe(11_000);
    expect(b.consecutiveFailures).toBe(2);
  });
});
