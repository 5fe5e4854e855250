/**
 * What the inline risk checks cost on the accept path (issue 14, item 6): two real gateways in this
 * process (embedded store, synchronous window 0, rate limits lifted, no validation worker), one with
 * the checks (`WASL_RISK_CHECKS` on: the approval score, every FWA family with its history reads,
 * the appended entries and their second signature, the history written with the accept) and one
 * without, take the same fresh claims through `app.inject`, in interleaved batches so both see the
 * same machine. The claims name a pool of patients (history grows as in real traffic) and every
 * tenth is a copy of an earlier one under a new identifier (duplicate-exact fires, the rare path).
 *
 *   node --import tsx bench/risk-cost.ts [--count 2000] [--patients 300] [--redis redis://…]
 *
 * Prints per message: the median and p90 wall time of each gateway and their difference, and the
 * CPU per message. No identifier is printed.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshCopy } from '../src/client/fresh-copy.js';
import { WaslClient } from '../src/client/wasl-client.js';
import { loadConfig } from '../src/config.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { initDevelopment } from '../src/security/init.js';
import { participantKeyPath } from '../src/security/paths.js';
import { freePort } from '../test/support/free-port.js';

const { values } = parseArgs({ options: { count: { type: 'string' }, patients: { type: 'string' }, redis: { type: 'string' } } });
const count = Number(values.count ?? 2000);
const patients = Array.from({ length: Number(values.patients ?? 300) }, () => String(randomInt(1_000_000_000, 9_999_999_999)));
const BATCH = 100;

interface Target {
  readonly label: string;
  readonly gateway: Gateway;
  readonly authorization: string;
  readonly dir: string;
  readonly times: number[];
  cpuMicros: number;
}

async function start(label: string, risk: 'on' | 'off', redisPrefix?: string): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `wasl-risk-cost-${risk}-`));
  await initDevelopment(dir);
  const port = await freePort();
  const config = loadConfig({
    WASL_DATA_DIR: dir,
    WASL_PORT: String(port),
    WASL_HOST: '127.0.0.1',
    WASL_SYNC_WINDOW_MS: '0',
    WASL_RATE_LIMIT_PER_MINUTE: '10000000',
    WASL_VALIDATION_WORKERS: '0',
    WASL_RISK_CHECKS: risk,
    ...(values.redis ? { WASL_REDIS_URL: `${values.redis.replace(/\/$/, '')}/${redisPrefix ?? ''}` } : {}),
  });
  const gateway = await createGateway(config);
  await gateway.app.listen({ host: '127.0.0.1', port });
  const key = JSON.parse(readFileSync(participantKeyPath(dir, 'N-F-00001'), 'utf8'));
  const client = new WaslClient({ baseUrl: `http://127.0.0.1:${port}`, licence: 'N-F-00001', role: 'provider', privateJwk: key });
  return { label, gateway, authorization: `Bearer ${await client.token()}`, dir, times: [], cpuMicros: 0 };
}

const sample = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'test/__fixtures__/nphies-samples/10-claim-professional-request.json'), 'utf8'));

/** Claims of the patient pool; every tenth a copy of an earlier claim under a new identifier. */
function claims(n: number): string[] {
  const made: Record<string, any>[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i % 10 === 9 && made.length > 0) {
      made.push(freshCopy(made[randomInt(made.length)]!));
      continue;
    }
    const claim = freshCopy(sample);
    const ref = claim.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.patient.reference;
    claim.entry.find((e: any) => e.fullUrl === ref).resource.identifier[0].value = patients[i % patients.length];
    made.push(claim);
  }
  return made.map((m) => JSON.stringify(m));
}

async function send(target: Target, payload: string, record: boolean): Promise<void> {
  const from = performance.now();
  const cpu = process.cpuUsage();
  const reply = await target.gateway.app.inject({ method: 'POST', url: '/$process-message', headers: { 'content-type': 'application/fhir+json', authorization: target.authorization }, payload });
  if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}: ${reply.body.slice(0, 300)}`);
  if (!record) return;
  const used = process.cpuUsage(cpu);
  target.cpuMicros += used.user + used.system;
  target.times.push(performance.now() - from);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const withChecks = await start('risk checks on', 'on', 'on:');
const without = await start('risk checks off', 'off', 'off:');
try {
  const warm = claims(count);
  for (const payload of warm) {
    await send(withChecks, payload, false);
    await send(without, payload, false);
  }
  const measured = claims(count);
  for (let i = 0; i < measured.length; i += BATCH) {
    // Alternate which gateway goes first, so neither always runs on a warmer cache.
    const order = (i / BATCH) % 2 === 0 ? [withChecks, without] : [without, withChecks];
    for (const target of order) for (const payload of measured.slice(i, i + BATCH)) await send(target, payload, true);
  }
  const rows = [withChecks, without].map((t) => {
    const sorted = [...t.times].sort((a, b) => a - b);
    return { t, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), cpu: t.cpuMicros / 1000 / t.times.length };
  });
  for (const r of rows) console.log(`${r.t.label}: median ${r.median.toFixed(3)} ms, p90 ${r.p90.toFixed(3)} ms, CPU ${r.cpu.toFixed(3)} ms a claim`);
  console.log(`added by the risk checks (${values.redis ? 'redis' : 'embedded'} store, ${count} claims, ${patients.length} patients): median ${(rows[0]!.median - rows[1]!.median).toFixed(3)} ms, CPU ${(rows[0]!.cpu - rows[1]!.cpu).toFixed(3)} ms a claim`);
} finally {
  for (const t of [withChecks, without]) {
    await t.gateway.close();
    rmSync(t.dir, { recursive: true, force: true });
  }
}
