/**
 * `wasl start --workers 2` (issue 12, item 4): two gateway processes behind one port over one LMDB
 * environment behave as one gateway. Every provider request here opens a new connection, so the
 * cluster's round robin spreads them over both workers while the payer's long poll stays on one:
 * a queue signal or an answer hand-over that did not cross between processes would leave the
 * provider with `queued` after the whole window, and a rate counter per process would let twice
 * the budget through.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../src/cli/local-client.js';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { initDevelopment } from '../../src/security/init.js';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import { freePort } from '../support/free-port.js';
import { fresh, sample } from '../support/samples.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'wasl.ts');
const WINDOW_MS = 8_000;
const AUTH_FAILURE_LIMIT = 6;
const METRICS_TOKEN = 'cluster-test-scraper-secret-0123456789abcdef';

let dataDir: string;
let url: string;
let primary: ChildProcess;
let output = '';

function startCluster(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--workers', '2'], {
    env: {
      ...process.env,
      WASL_DATA_DIR: dataDir,
      WASL_HOST: '127.0.0.1',
      WASL_PORT: String(port),
      WASL_PUBLIC_URL: `http://127.0.0.1:${port}`,
      WASL_SYNC_WINDOW_MS: String(WINDOW_MS),
      WASL_VALIDATION_WORKERS: '0',
      WASL_LOG_LEVEL: 'warn',
      WASL_AUTH_FAILURES_PER_IP_PER_MINUTE: String(AUTH_FAILURE_LIMIT),
      WASL_RATE_LIMIT_DELAY_MS: '0',
      WASL_METRICS_TOKEN: METRICS_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster did not start:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (output.includes('Wasl is listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`cluster exited with ${code}:\n${output}`)));
  });
}

/** One request on a connection of its own (no keep-alive), so consecutive requests reach different workers. */
function postOnNewConnection(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function workerPids(): number[] {
  // The primary's children that run the worker entry (tsx has a child of its own, esbuild).
  return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(primary.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('cluster/worker'))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter((pid) => pid > 0);
}

describe('an embedded cluster of two gateway processes', () => {
  let provider: WaslClient;
  let payer: PayerSimulator;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wasl-cluster-'));
    await initDevelopment(dataDir);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    primary = await startCluster(port);
    provider = await localClient(dataDir, 'N-F-00001', url);
    payer = new PayerSimulator({ client: await localClient(dataDir, 'N-I-00001', url), waitS: 20 });
    payer.start();
  }, 120_000);

  afterAll(async () => {
    await payer?.stop();
    if (primary && primary.exitCode === null) {
      primary.kill('SIGKILL');
      for (const pid of workerPids()) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands every payer answer to its waiting provider, whichever worker holds the long poll or the request', async () => {
    const token = await provider.token();
    const claim = sample('10-claim-professional-request.json');
    for (let i = 0; i < 8; i += 1) {
      const started = Date.now();
      const answer = await postOnNewConnection('/$process-message', JSON.stringify(fresh(claim.json)), { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` });
      expect(answer.status).toBe(200);
      const bundle = JSON.parse(answer.text) as { entry: { resource: { resourceType: string; outcome?: string } }[] };
      // The payer's ClaimResponse, not the gateway's `queued` answer: the long poll woke and the answer crossed back.
      expect(bundle.entry.map((entry) => entry.resource.resourceType)).toContain('ClaimResponse');
      expect(Date.now() - started).toBeLessThan(WINDOW_MS - 2_000);
    }
  }, 120_000);

  it('answers /metrics for the whole cluster, whichever worker the scrape reaches', async () => {
    const accepted: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const scrape = await new Promise<string>((resolve, reject) => {
        const req = request(`${url}/metrics`, { agent: false, headers: { authorization: `Bearer ${METRICS_TOKEN}` } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`/metrics answered ${res.statusCode}: ${text}`))));
        });
        req.on('error', reject);
        req.end();
      });
      const line = scrape.split('\n').find((row) => row.startsWith('wasl_messages_total{') && row.includes('event="claim-request"') && row.includes('outcome="accepted"'));
      accepted.push(Number(line?.split(' ').pop()));
      // Read from the shared store by every worker: taken once, not summed.
      expect(scrape).toMatch(/wasl_queue_recipients \d+/);
    }
    // The 8 claims of the test before were spread over both workers; each scrape counts all of them.
    expect(accepted).toEqual([8, 8, 8, 8]);
  }, 60_000);

  it('counts one rate budget for both workers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_LIMIT + 4; i += 1) {
      // Workers tell each other what they counted every 50 ms: requests further apart are counted exactly.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await postOnNewConnection('/$process-message', '{}', { 'content-type': 'application/fhir+json', authorization: 'Bearer not-a-token' });
      statuses.push(answer.status);
    }
    // Per process, each worker would have let through its own AUTH_FAILURE_LIMIT (10 x 401).
    expect(statuses.filter((status) => status === 401)).toHaveLength(AUTH_FAILURE_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  }, 60_000);

  it('replaces a worker killed with SIGKILL and keeps every accepted message', async () => {
    const before = workerPids();
    expect(before).toHaveLength(2);
    process.kill(before[0]!, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(workerPids().length === 2 && !workerPids().includes(before[0]!) && output.includes('starting a replacement'))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(workerPids()).toHaveLength(2);
    // Both workers serve again (the replacement compiled and listens): answered within the window.
    const token = await provider.token();
    for (let i = 0; i < 4; i += 1) {
      const answer = await postOnNewConnection('/$process-message', JSON.stringify(fresh(sample('10-claim-professional-request.json').json)), {
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${token}`,
      });
      expect(answer.status).toBe(200);
    }
  }, 120_000);

  it('stops gracefully on SIGTERM, and the ledger both processes wrote is one intact chain', async () => {
    await payer.stop();
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    const store = LmdbStore.open({ dataDir });
    try {
      const head = await store.ledgerHead();
      // 12 claims accepted and answered, at least: two entries each, plus deliveries and acknowledgements.
      expect(head.seq).toBeGreaterThanOrEqual(12 * 2);
      const entries = await store.readLedger(1, head.seq);
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
      for (let i = 1; i < entries.length; i += 1) expect(entries[i]!.prev).toBe(entries[i - 1]!.hash);
      expect((await store.stats('N-I-00001')).depth).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);
});
