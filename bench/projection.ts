/**
 * Projection throughput (issue 11, item 7; issue 15 builds on it): how many ledger entries per
 * second the LedgerReader folds into the daily-counts projection, end to end (read a page, fold,
 * one atomic apply), on a ledger written by the real store through its API.
 *
 *   npx tsx bench/projection.ts                               # 200,000 entries on LMDB
 *   npx tsx bench/projection.ts --entries 50000 --store redis # a throwaway redis-server (AOF, fsync always)
 *
 * The ledger is filled once with realistic exchanges (answered with delivery and acknowledgements,
 * rejected with rule codes), spread over 30 days and 20 providers; then the whole ledger is
 * projected several times, each run under a new projection name so it starts from seq 1.
 * Reported per run: wall time, entries/s, CPU µs per entry; plus the fold alone (no I/O).
 * No patient identifiers: ids are random UUIDs, patient keys opaque.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dailyCountsProjection } from '../src/ledger/daily-counts.js';
import { LedgerReader } from '../src/ledger/reader.js';
import { LmdbStore } from '../src/store/embedded/lmdb-store.js';
import { sha256Hex } from '../src/store/ledger-chain.js';
import { openProjections } from '../src/store/open-projections.js';
import type { ExchangeRecord, GatewayStore, StoredMessage } from '../src/store/ports.js';
import type { ProjectionStore } from '../src/store/projection-port.js';
import { RedisStore } from '../src/store/redis/redis-store.js';
import { startBenchRedis, type BenchRedis } from './redis-server.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '200000' },
    store: { type: 'string', default: 'embedded' },
    runs: { type: 'string', default: '3' },
    'page-size': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const TARGET = Number(values.entries);
const RUNS = Number(values.runs);
const PAGE_SIZE = Number(values['page-size']);
const CONCURRENCY = Number(values.concurrency);
const DAYS = 30;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const EVENTS = ['claim-request', 'priorauth-request', 'eligibility-request'];
const CODES = ['BV-00165', 'IC-00050', 'BV-00800', 'IB-00186', 'DT-00001'];

/** The stores take their time from here, so the fill spreads entries over DAYS days. */
let clock = START;

function message(event: string): StoredMessage {
  const bundleId = randomUUID();
  const body = JSON.stringify({ resourceType: 'Bundle', id: bundleId, type: 'message' });
  return { bundleId, event, body, sha256: sha256Hex(body), kid: 'hub-bench' };
}

function record(msg: StoredMessage, sender: string, recipient: string, state: ExchangeRecord['state']): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: sha256Hex(msg.body), receivedAt: clock, state };
}

/** One exchange: every fourth rejected (1 entry), the others answered and acknowledged both ways (6 entries). */
async function exchange(store: GatewayStore, i: number): Promise<void> {
  const provider = `PR-BENCH-${i % 20}`;
  const payer = `INS-BENCH-${i % 4}`;
  const event = EVENTS[i % EVENTS.length]!;
  const request = message(event);
  if (i % 4 === 0) {
    await store.accept(record(request, provider, payer, 'rejected'), undefined, { codes: [CODES[i % 5]!, CODES[(i + 2) % 5]!] });
    return;
  }
  const requestRecord = record(request, provider, payer, 'queued');
  await store.accept(requestRecord, { recipient: payer, sender: provider, message: request }, { patientKeys: [`pk-${i % 5000}`] });
  await store.lease(payer, { count: 1, leaseMs: 60_000 });
  const answer = message(event.replace('-request', '-response'));
  await store.answer({ sender: provider, headerId: requestRecord.headerId }, answer, {
    record: record(answer, payer, provider, 'answered'),
    ackFrom: { recipient: payer, bundleId: request.bundleId },
    enqueue: { recipient: provider, sender: payer, message: answer },
    note: { outcome: i % 7 === 0 ? 'error' : 'complete' },
  });
  await store.lease(provider, { count: 1, leaseMs: 60_000 });
  await store.ack(provider, [answer.bundleId]);
}

async function fill(store: GatewayStore): Promise<number> {
  let next = 0;
  const perDay = Math.ceil(TARGET / DAYS);
  const worker = async (): Promise<void> => {
    for (;;) {
      const head = (await store.ledgerHead()).seq;
      if (head >= TARGET) return;
      clock = START + Math.floor(head / perDay) * DAY_MS + (head % perDay);
      await exchange(store, next++);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (await store.ledgerHead()).seq;
}

interface RunFigures {
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuMicrosPerEntry: number;
}

async function projectOnce(store: GatewayStore, projections: ProjectionStore, name: string): Promise<RunFigures> {
  const reader = new LedgerReader({ ledger: store, projections, projection: { ...dailyCountsProjection, name }, pageSize: PAGE_SIZE });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const { applied } = await reader.catchUp();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, perSecond: applied / seconds, cpuMicrosPerEntry: (used.user + used.system) / applied };
}

/** The fold alone over every page, read beforehand: the projection's CPU without any store. */
async function foldOnly(store: GatewayStore, total: number): Promise<number> {
  const pages = [];
  for (let from = 1; from <= total; from += PAGE_SIZE) pages.push(await store.readLedger(from, PAGE_SIZE));
  const start = process.hrtime.bigint();
  for (const page of pages) dailyCountsProjection.fold(page);
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main(): Promise<void> {
  let redis: BenchRedis | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-bench-projection-'));
  const now = (): number => clock;
  try {
    let store: GatewayStore;
    let projections: ProjectionStore;
    if (values.store === 'redis') {
      redis = await startBenchRedis();
      store = await RedisStore.connect({ url: redis.url, prefix: 'bench:', now });
      projections = await openProjections({ dataDir, redisUrl: redis.url, redisPrefix: 'bench:' });
    } else {
      store = LmdbStore.open({ dataDir, now });
      projections = await openProjections({ dataDir });
    }
    const fillStart = Date.now();
    const total = await fill(store);
    process.stderr.write(`filled ${total} ledger entries through the ${values.store} store in ${((Date.now() - fillStart) / 1000).toFixed(1)} s\n`);

    const runs: RunFigures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await projectOnce(store, projections, `bench-run-${run}`);
      runs.push(figures);
      process.stderr.write(`run ${run}: ${figures.seconds.toFixed(2)} s, ${Math.round(figures.perSecond)} entries/s, ${figures.cpuMicrosPerEntry.toFixed(1)} µs CPU/entry\n`);
    }
    const sorted = [...runs].sort((a, b) => b.perSecond - a.perSecond);
    const folded = await foldOnly(store, total);
    const report = {
      store: values.store,
      entries: total,
      pageSize: PAGE_SIZE,
      bestEntriesPerSecond: Math.round(sorted[0]!.perSecond),
      medianEntriesPerSecond: Math.round(sorted[Math.floor(sorted.length / 2)]!.perSecond),
      cpuMicrosPerEntry: Number(sorted[0]!.cpuMicrosPerEntry.toFixed(2)),
      foldOnlyEntriesPerSecond: Math.round(folded),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await store.close();
    await projections.close();
  } finally {
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
