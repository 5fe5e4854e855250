/**
 * Poll cost against the backlog (issue 12, item 2): does a poll cost the same whatever the depth
 * of the recipient's queue? For each adapter (embedded LMDB in a temporary directory, Redis in a
 * throwaway `redis-server` with AOF and an fsync per write), a recipient's queue is filled through
 * the store API (`accept` with an enqueue, many in flight so the writes share batches) to each
 * depth in turn, and a poll is timed there the way src/routing/poll.ts does it: `ack` of the
 * message the previous poll got, `lease` of one, `stats` for the `queued-messages` tag.
 *
 * Each depth has its own recipient, filled first; the polls are then interleaved across depths
 * (a warm-up round, then ten rounds) so noise falls on every depth alike. Each timed poll has one
 * message to take whatever the depth (one is queued, untimed, before each), so every depth does
 * the same work and the ratio to depth 0 shows only what the backlog adds. The first line,
 * `empty`, is a poll of a queue with nothing in it at all (no message to lease or acknowledge).
 *
 *   node --import tsx bench/poll-backlog.ts [--backlog 0,1000,10000,100000] [--polls 300]
 *     [--store embedded|redis|both] [--root <checkout>] [--json]
 *
 * `--root` is the checkout whose store is measured (default: this one); the script imports its
 * modules, so it also measures commits older than itself.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ExchangeRecord, GatewayStore, QueueEntryInput } from '../src/store/ports.js';
import { startBenchRedis } from './redis-server.js';

const { values } = parseArgs({
  options: {
    backlog: { type: 'string' },
    polls: { type: 'string' },
    store: { type: 'string' },
    root: { type: 'string' },
    json: { type: 'boolean' },
  },
});
const root = resolve(values.root ?? join(import.meta.dirname, '..'));
const depths = (values.backlog ?? '0,1000,10000,100000').split(',').map((d) => Number(d.trim()));
const polls = Number(values.polls ?? 300);
const adapters = values.store === 'embedded' || values.store === 'redis' ? [values.store] : ['embedded', 'redis'];
if (depths.some((d) => !Number.isInteger(d) || d < 0) || !Number.isInteger(polls) || polls < 1) {
  console.error('usage: poll-backlog.ts [--backlog 0,1000,10000,100000] [--polls 300] [--store embedded|redis|both] [--root DIR] [--json]');
  process.exit(2);
}

const { LmdbStore } = await import(join(root, 'src/store/embedded/lmdb-store.ts'));
const { RedisStore } = await import(join(root, 'src/store/redis/redis-store.ts'));

const RECIPIENT = 'payer-backlog';
const SENDER = 'provider-backlog';
const EVENTS = ['claim-request', 'priorauth-request', 'eligibility-request'];
/** About the size of a small claim, so the store moves realistic bytes; no patient data. */
const FILLER = 'x'.repeat(1500);
const POLL = { count: 1, leaseMs: 30_000, maxDeliveries: 5 };

interface Point {
  readonly depth: number | 'empty';
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly meanMs: number;
}

function queued(recipient: string, i: number): { record: ExchangeRecord; enqueue: QueueEntryInput } {
  const bundleId = randomUUID();
  const event = EVENTS[i % EVENTS.length] as string;
  const body = JSON.stringify({ resourceType: 'Bundle', id: bundleId, type: 'message', note: FILLER });
  const record: ExchangeRecord = { headerId: randomUUID(), bundleId, sender: SENDER, recipient, event, contentHash: 'h', receivedAt: Date.now(), state: 'queued' };
  return { record, enqueue: { recipient, sender: SENDER, message: { bundleId, event, body } } };
}

/** Queues `n` messages for `recipient`, `inFlight` at a time so the adapter can batch them. */
async function fill(store: GatewayStore, recipient: string, n: number, inFlight = 500): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const { record, enqueue } = queued(recipient, next++);
      await store.accept(record, enqueue);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
}

/** One recipient at one depth, and what its timed polls took. */
interface Lane {
  readonly depth: number | 'empty';
  readonly recipient: string;
  acknowledge: string[];
  readonly samples: number[];
}

/** One poll as src/routing/poll.ts makes it (ack, lease, stats); with `feed`, one message is queued first, untimed. */
async function poll(store: GatewayStore, lane: Lane, record: boolean): Promise<void> {
  if (lane.depth !== 'empty') await fill(store, lane.recipient, 1, 1);
  const started = process.hrtime.bigint();
  if (lane.acknowledge.length > 0) await store.ack(lane.recipient, lane.acknowledge);
  const leased = await store.lease(lane.recipient, POLL);
  const stats = await store.stats(lane.recipient);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (lane.depth !== 'empty' && (leased.length !== 1 || stats.depth < lane.depth)) throw new Error(`poll at depth ${lane.depth} got ${leased.length}, depth ${stats.depth}`);
  lane.acknowledge = leased.map((entry: { message: { bundleId: string } }) => entry.message.bundleId);
  if (record) lane.samples.push(ms);
}

/**
 * Every depth has its own recipient, filled first; then the polls are interleaved, a few at each
 * depth in turn, so warm-up, disk and machine noise fall on every depth alike.
 */
async function curve(store: GatewayStore): Promise<Point[]> {
  const lanes: Lane[] = [{ depth: 'empty', recipient: `${RECIPIENT}-empty`, acknowledge: [], samples: [] }];
  for (const depth of depths) {
    const lane: Lane = { depth, recipient: `${RECIPIENT}-${depth}`, acknowledge: [], samples: [] };
    await fill(store, lane.recipient, depth);
    lanes.push(lane);
  }
  const ROUNDS = 10;
  const perRound = Math.max(1, Math.ceil(polls / ROUNDS));
  for (let round = -1; round < ROUNDS; round++) {
    for (const lane of lanes) for (let i = 0; i < perRound; i++) await poll(store, lane, round >= 0);
  }
  return lanes.map((lane) => {
    const samples = [...lane.samples].sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] as number;
    return { depth: lane.depth, medianMs: at(0.5), p90Ms: at(0.9), meanMs: samples.reduce((a, b) => a + b, 0) / samples.length };
  });
}

async function measure(adapter: string): Promise<Point[]> {
  if (adapter === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-bench-backlog-'));
    const store = LmdbStore.open({ dataDir: dir }) as GatewayStore;
    try {
      return await curve(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const redis = await startBenchRedis();
  const store = (await RedisStore.connect({ url: redis.url, prefix: 'wasl-bench:' })) as GatewayStore;
  try {
    return await curve(store);
  } finally {
    await store.close();
    await redis.stop();
  }
}

const results: Record<string, Point[]> = {};
for (const adapter of adapters) {
  results[adapter] = await measure(adapter);
  if (values.json) continue;
  const points = results[adapter] as Point[];
  const base = points.find((p) => p.depth === 0) ?? points[0];
  console.log(`\n${adapter}: poll = ack + lease 1 + stats, ${polls} polls per depth (median / p90 / mean ms, ratio of medians to depth 0)`);
  console.log('  depth        median      p90     mean   ratio');
  for (const p of points) {
    const ratio = base ? p.medianMs / base.medianMs : NaN;
    console.log(`  ${String(p.depth).padStart(7)}  ${p.medianMs.toFixed(3).padStart(9)} ${p.p90Ms.toFixed(3).padStart(8)} ${p.meanMs.toFixed(3).padStart(8)}  ${ratio.toFixed(2).padStart(6)}x`);
  }
}
if (values.json) console.log(JSON.stringify({ polls, root, results }, null, 2));
