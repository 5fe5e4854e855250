/** GET /metrics: `wasl_stage_seconds`, where a submission's time went (issue 12, item 5). */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

/** The value of the one series of `name` whose labels include every one of `labels`. */
function series(text: string, name: string, ...labels: string[]): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('/metrics stage timings', () => {
  // No synchronous window: the submission's time is the gateway's own work, not a wait for the payer.
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '0' });

  it('observes every stage of a submission once, under its event, within the submission time', async () => {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    const provider = await gw.client(claim.entry[0].resource.sender.identifier.value);
    expect((await provider.send(claim)).status).toBe(200);

    const regulator = { authorization: `Bearer ${await (await gw.client('REG-CHI')).token()}` };
    const text = await (await fetch(`${gw.url}/metrics`, { headers: regulator })).text();
    const event = 'event="claim-request"';
    for (const stage of ['parse', 'authenticate', 'validate', 'risk', 'store', 'sign', 'respond']) {
      expect(series(text, 'wasl_stage_seconds_count', `stage="${stage}"`, event), stage).toBe(1);
      expect(series(text, 'wasl_stage_seconds_sum', `stage="${stage}"`, event), stage).toBeGreaterThan(0);
    }
    // A stage that never ran has no series: the risk stage reads only prior authorizations and claims (issue 14).
    expect(text).not.toMatch(/stage="risk",event="(?!claim-request)/);

    // The stages inside the exchange run within the submission's own time.
    const inside = ['validate', 'risk', 'store', 'sign'].reduce((sum, stage) => sum + series(text, 'wasl_stage_seconds_sum', `stage="${stage}"`, event)!, 0);
    const submission = series(text, 'wasl_submission_seconds_sum', event);
    expect(series(text, 'wasl_submission_seconds_count', event)).toBe(1);
    expect(inside).toBeLessThan(submission!);
  });
});
