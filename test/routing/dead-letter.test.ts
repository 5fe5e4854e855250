/**
 * Dead letters through a real gateway (issue 10, item 2): a claim handed out WASL_MAX_DELIVERIES
 * times without an answer leaves the payer's live queue, shows in /metrics, is reported to the
 * provider's status-check as `dead-lettered`, and `wasl queue replay` (a separate process on the
 * same embedded store, beside the running gateway) brings back the same bytes.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { errorsOf, focalOf, useTestGateway } from '../support/gateway.js';
import { sample, targetOf, taskFor } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');
const METRICS_TOKEN = 'dead-letter-test-metrics-token-0123456789abcdef';
const PAYER = 'N-I-00001';

function wasl(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (problem, stdout, stderr) => {
      resolve({ code: problem ? Number((problem as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function metric(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dead letters', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '300', WASL_MAX_DELIVERIES: '2', WASL_METRICS_TOKEN: METRICS_TOKEN });

  async function progress(provider: WaslClient, claim: unknown): Promise<string> {
    const reply = await provider.send(taskFor('9b-statuscheck-request.json', claim));
    return focalOf(reply.json).businessStatus.coding[0].code as string;
  }

  async function scrape(): Promise<string> {
    const response = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('a claim polled twice without an answer is dead-lettered, reported, and replayed with the same bytes', async () => {
    const provider = await gw.client('N-F-00002');
    const payer = await gw.client(PAYER);
    const claim = targetOf(sample('9b-statuscheck-request.json').json);
    claim.entry[1].resource.identifier[0].value = `claim-${claim.id}`;
    const event = claim.entry[0].resource.eventCoding.code as string;
    const sent = await provider.send(claim);
    expect(errorsOf(sent.json)).toEqual([]);

    const delivered: string[] = [];
    for (let delivery = 1; delivery <= 2; delivery += 1) {
      const { result, messages } = await payer.poll({ count: 1, include: [event] });
      expect(messages.map((m) => m.bundleId)).toEqual([claim.id]);
      delivered.push(result.text);
      await pause(400);
    }
    // The third hand-out does not happen.
    expect((await payer.poll({ count: 1, include: [event] })).messages).toEqual([]);

    const dead = await gw.gateway.store.deadLetters(PAYER);
    expect(dead.map((d) => [d.message.bundleId, d.deliveries, d.sender])).toEqual([[claim.id, 2, 'N-F-00002']]);
    const body = dead[0]!.message.body;
    expect(delivered.every((text) => text.includes(body))).toBe(true);

    const metrics = await scrape();
    expect(metric(metrics, 'wasl_dead_letters', `recipient="${PAYER}"`)).toBe(1);
    expect(await progress(provider, claim)).toBe('dead-lettered');

    const env = { WASL_DATA_DIR: gw.dataDir, WASL_LOG_LEVEL: 'silent' };
    const listed = await wasl(['queue', 'dead-letters', '--json'], env);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ recipient: PAYER, bundleId: claim.id, event, sender: 'N-F-00002', deliveries: 2 })]);
    expect(listed.stdout).not.toContain('"body"');

    const replayed = await wasl(['queue', 'replay', PAYER, claim.id], env);
    expect(replayed).toMatchObject({ code: 0, stderr: '' });
    expect((await wasl(['queue', 'replay', PAYER, claim.id], env)).code).toBe(1);

    const again = await payer.poll({ count: 1, include: [event] });
    expect(again.messages.map((m) => m.bundleId)).toEqual([claim.id]);
    expect(again.result.text).toContain(body);
    expect(await gw.gateway.store.deadLetters(PAYER)).toEqual([]);
    expect(metric(await scrape(), 'wasl_dead_letters', `recipient="${PAYER}"`)).toBeUndefined();
    expect(await progress(provider, claim)).toBe('delivered');

    // Tidy the payer's queue: the claim and the status checks.
    const checks = await payer.poll({ count: 10, include: ['status-check'] });
    await payer.poll({ count: 1, acknowledge: [claim.id, ...checks.messages.map((m) => m.bundleId)], include: ['none'] });
  });
});

describe('WASL_MAX_DELIVERIES', () => {
  it('defaults to 10 and is always a bound: 0 and more than 1000 are refused', () => {
    expect(loadConfig({}).maxDeliveries).toBe(10);
    expect(loadConfig({ WASL_MAX_DELIVERIES: '1' }).maxDeliveries).toBe(1);
    expect(() => loadConfig({ WASL_MAX_DELIVERIES: '0' })).toThrow(/^WASL_MAX_DELIVERIES: must be between 1 and 1000/);
    expect(() => loadConfig({ WASL_MAX_DELIVERIES: '1001' })).toThrow(/WASL_MAX_DELIVERIES/);
  });

  it('wasl queue replay without its arguments is a usage error (exit 2)', async () => {
    const run = await wasl(['queue', 'replay'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing required argument/);
  });
});
