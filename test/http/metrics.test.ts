/** GET /metrics: queue depth, oldest age and redeliveries per recipient, and outcomes per event. */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

function metric(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('/metrics', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20', WASL_LEASE_MS: '200' });

  it('reports queues, redeliveries and message outcomes in the Prometheus text format', async () => {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    const provider = await gw.client(claim.entry[0].resource.sender.identifier.value);
    expect((await provider.send(claim)).status).toBe(200);
    const broken = fresh(sample('7a-claim-dental-request.json').json);
    broken.entry[0].resource.focus[0].reference = 'http://nowhere.example/Claim/1';
    await provider.send(broken);
    await provider.send(claim); // a byte-identical resend

    const payer = await gw.client('N-I-00001');
    expect((await payer.poll({ count: 1, include: ['claim-request'] })).messages).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect((await payer.poll({ count: 1, include: ['claim-request'] })).messages.map((m) => m.bundleId)).toEqual([claim.id]);

    // /metrics is for the regulator and admin roles (or the WASL_METRICS_TOKEN secret).
    const regulator = { authorization: `Bearer ${await (await gw.client('REG-CHI')).token()}` };
    const response = await fetch(`${gw.url}/metrics`, { headers: regulator });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(metric(text, 'wasl_queue_depth', 'recipient="N-I-00001"')).toBe(1);
    expect(metric(text, 'wasl_queue_redelivered', 'recipient="N-I-00001"')).toBe(1);
    expect(metric(text, 'wasl_redeliveries_total', 'recipient="N-I-00001"')).toBe(1);
    expect(metric(text, 'wasl_queue_oldest_age_seconds', 'recipient="N-I-00001"')).toBeGreaterThan(0.2);
    expect(metric(text, 'wasl_messages_total', 'event="claim-request",outcome="accepted"')).toBe(1);
    expect(metric(text, 'wasl_messages_total', 'event="claim-request",outcome="rejected"')).toBe(1);
    expect(metric(text, 'wasl_messages_total', 'event="claim-request",outcome="resend"')).toBe(1);
    expect(text).toContain('wasl_submission_seconds_bucket{le="0.005",event="claim-request"}');

    await payer.poll({ count: 1, acknowledge: [claim.id], include: ['none'] });
    const after = await (await fetch(`${gw.url}/metrics`, { headers: regulator })).text();
    expect(metric(after, 'wasl_queue_depth', 'recipient="N-I-00001"')).toBeUndefined();
  });
});
