/**
 * Defect found by the fuzz test (seed 2026: the first requests over 256 KB, #481, #587, #1038 and
 * #1073, took 2.2–6.8 s; replayed alone each takes 20–150 ms): the validation worker pool
 * (src/validation/worker-pool.ts, WASL_VALIDATION_WORKERS) starts its workers on the first large
 * job, and each compiles the whole pipeline (~1–2 s by its own comment; 2.5–3.8 s on this
 * 2-core machine under load). So the first message over WASL_VALIDATION_WORKER_BYTES after a
 * start, and every large message queued behind it, waits for the compile: an answer far slower
 * than the same message a moment later. The event loop is not blocked (/healthz stays fast);
 * only those senders wait.
 *
 * Expected: a large message on a fresh gateway is answered in the time a warm one takes (the
 * workers started in the background when the gateway starts, or the first job validated on the
 * main thread while the worker compiles). Fixed: createGateway awaits the pool's `warm()`, so the
 * workers are compiled before the gateway listens.
 */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

/** Sample 7a (N-F-00003 → N-I-00001) made ~300 KB by a long Claim.item text (over the 256 KB worker threshold). */
function largeClaim(): string {
  const message = fresh(sample('7a-claim-dental-request.json').json);
  const claim = message.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
  claim.supportingInfo = [
    ...(claim.supportingInfo ?? []),
    { sequence: 99, category: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/claim-information-category', code: 'info' }] }, valueString: 'x'.repeat(300_000) },
  ];
  return JSON.stringify(message);
}

describe('the first large message after a start', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '0', WASL_VALIDATION_WORKERS: '1' });

  it('is answered within 1 s, as the next one is', async () => {
    const client = await gw.client('N-F-00003');
    await client.send(JSON.stringify(fresh(sample('7a-claim-dental-request.json').json))); // token and main-thread pipeline warm
    const timed = async (): Promise<number> => {
      const started = performance.now();
      const answer = await client.send(largeClaim());
      expect(answer.status).toBe(200);
      return performance.now() - started;
    };
    const first = await timed();
    const second = await timed();
    // Before the gateway awaited its workers at start: first ~2,500–3,800 ms, second ~30–150 ms.
    expect({ first: first < 1000, second: second < 1000 }).toEqual({ first: true, second: true });
  });
});
