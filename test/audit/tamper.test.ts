/**
 * Issue 11, "what it must show": edit, delete, reorder or insert an entry directly in LMDB or in
 * Redis, and `wasl audit verify` (the real command line) names that entry; an untouched chain
 * verifies. The chain is written through the store API; the tampering goes around it, as an
 * attacker with access to the database would.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkHash, sha256Hex } from '../../src/store/ledger-chain.js';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import type { LedgerEntry } from '../../src/store/ports.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { wasl, writeExchanges } from './ledger-fixture.js';

/** What a tamper does to the entries (seq order), and what verify must name. */
interface Tamper {
  readonly name: string;
  /** Returns the entries to store: [position, entry] (the position is the LMDB key or Redis id). */
  readonly apply: (entries: readonly LedgerEntry[]) => { rows: [number, LedgerEntry][]; headSeq: number };
  readonly expected: { seq: number; what: string };
}

const at = (rows: readonly LedgerEntry[], seq: number) => rows[seq - 1]!;
const asRows = (entries: readonly LedgerEntry[]): [number, LedgerEntry][] => entries.map((e) => [e.seq, e]);

function forged(seq: number, prev: string): LedgerEntry {
  const body = JSON.stringify({ sender: 'N-F-00001', recipient: 'N-I-00001', event: 'claim-request', bundleId: 'forged' });
  const time = Date.now();
  return { seq, at: time, kind: 'accepted', prev, hash: linkHash(seq, time, 'accepted', undefined, prev, sha256Hex(body)), body };
}

const TAMPERS: readonly Tamper[] = [
  {
    name: "an entry's facts edited",
    apply: (entries) => ({ rows: asRows(entries.map((e) => (e.seq === 5 ? { ...e, body: e.body.replace('N-I-00001', 'N-I-00002') } : e))), headSeq: entries.length }),
    expected: { seq: 5, what: 'edited' },
  },
  {
    name: "an entry's time changed",
    apply: (entries) => ({ rows: asRows(entries.map((e) => (e.seq === 7 ? { ...e, at: e.at - 3_600_000 } : e))), headSeq: entries.length }),
    expected: { seq: 7, what: 'edited' },
  },
  {
    name: 'an entry deleted',
    apply: (entries) => ({ rows: asRows(entries.filter((e) => e.seq !== 9)), headSeq: entries.length }),
    expected: { seq: 9, what: 'missing' },
  },
  {
    name: 'two entries swapped',
    apply: (entries) => ({
      rows: entries.map((e): [number, LedgerEntry] => [e.seq, e.seq === 10 ? at(entries, 14) : e.seq === 14 ? at(entries, 10) : e]),
      headSeq: entries.length,
    }),
    expected: { seq: 10, what: 'reordered' },
  },
  {
    name: 'a forged entry inserted (linked to the one before, the rest moved up, the head record updated)',
    apply: (entries) => {
      const rows: [number, LedgerEntry][] = entries.map((e) => [e.seq < 12 ? e.seq : e.seq + 1, e]);
      rows.push([12, forged(12, at(entries, 11).hash)]);
      return { rows: rows.sort((a, b) => a[0] - b[0]), headSeq: entries.length + 1 };
    },
    expected: { seq: 12, what: 'inserted' },
  },
  {
    name: 'the last two entries cut off',
    apply: (entries) => ({ rows: asRows(entries.slice(0, -2)), headSeq: entries.length }),
    expected: { seq: 0, what: 'truncated' },
  },
];

async function verifyJson(env: Record<string, string>): Promise<{ code: number | null; report: { ok: boolean; verified: number; break?: { seq: number; what: string; detail: string }; head?: { seq: number; hash: string } } }> {
  const run = await wasl(['audit', 'verify', '--json'], env);
  try {
    return { code: run.code, report: JSON.parse(run.stdout) };
  } catch {
    throw new Error(`wasl audit verify printed no report: ${run.stdout} ${run.stderr}`);
  }
}

function expectNamed(result: Awaited<ReturnType<typeof verifyJson>>, expected: { seq: number; what: string }, total: number): void {
  expect(result.code).toBe(1);
  expect(result.report.ok).toBe(false);
  expect(result.report.break).toMatchObject({ what: expected.what, seq: expected.what === 'truncated' ? total - 1 : expected.seq });
}

describe('wasl audit verify on the embedded store, tampered in LMDB directly', () => {
  const root = mkdtempSync(join(tmpdir(), 'wasl-tamper-lmdb-'));
  const pristine = join(root, 'pristine');
  let entries: LedgerEntry[] = [];

  beforeAll(async () => {
    const store = LmdbStore.open({ dataDir: pristine });
    await writeExchanges(store, 4);
    entries = await store.readLedger(1, 1000);
    await store.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an untouched chain verifies: exit 0, every entry, the head', async () => {
    const run = await wasl(['audit', 'verify'], { WASL_DATA_DIR: pristine });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${entries.length} entries verified, head ${entries.at(-1)!.hash} (entry ${entries.length})\n`);
  }, 30_000);

  for (const tamper of TAMPERS) {
    it(`${tamper.name}: names entry and what happened`, async () => {
      const dataDir = join(root, `case-${TAMPERS.indexOf(tamper)}`);
      cpSync(pristine, dataDir, { recursive: true });
      const env = open({ path: join(dataDir, 'store'), maxDbs: 32, compression: false });
      const ledger = env.openDB<LedgerEntry, number>({ name: 'ledger' });
      const meta = env.openDB<number, string>({ name: 'meta' });
      const { rows, headSeq } = tamper.apply(entries);
      await env.transaction(() => {
        for (const entry of entries) ledger.remove(entry.seq);
        for (const [position, entry] of rows) ledger.put(position, entry);
        meta.put('ledger-seq', headSeq);
      });
      await env.close();
      expectNamed(await verifyJson({ WASL_DATA_DIR: dataDir }), tamper.expected, entries.length);
    }, 30_000);
  }
});

describe('wasl audit verify over Redis, tampered in the stream directly', () => {
  let server: TestRedisServer;
  let entries: LedgerEntry[] = [];
  let client: ReturnType<typeof createClient>;
  const env = () => ({ WASL_REDIS_URL: server.url, WASL_DATA_DIR: mkdtempSync(join(tmpdir(), 'wasl-tamper-redis-')) });

  /** Rebuilds the stream (XRANGE was read once; DEL then XADD with explicit ids), as an attacker with Redis access could. */
  async function rewrite(rows: readonly [number, LedgerEntry][], headSeq: number): Promise<void> {
    await client.del('wasl:ledger');
    for (const [position, entry] of rows) {
      const fields: Record<string, string> = { at: String(entry.at), kind: entry.kind, prev: entry.prev, hash: entry.hash, body: entry.body, ...(entry.n !== undefined ? { n: String(entry.n) } : {}) };
      await client.xAdd('wasl:ledger', `${position}-0`, fields);
    }
    const head = rows.find(([position]) => position === headSeq)?.[1] ?? rows.at(-1)![1];
    await client.hSet('wasl:ledger-head', { seq: String(headSeq), hash: head.hash });
  }

  beforeAll(async () => {
    server = await startRedisServer();
    const store = await RedisStore.connect({ url: server.url });
    await writeExchanges(store, 4);
    entries = await store.readLedger(1, 1000);
    await store.close();
    client = createClient({ url: server.url });
    await client.connect();
  }, 30_000);
  afterAll(async () => {
    await client?.quit();
    await server?.stop();
  });

  it('an untouched chain verifies', async () => {
    const result = await verifyJson(env());
    expect(result.code).toBe(0);
    expect(result.report).toMatchObject({ ok: true, verified: entries.length, head: { seq: entries.length, hash: entries.at(-1)!.hash } });
  }, 30_000);

  for (const tamper of TAMPERS) {
    it(`${tamper.name}: names entry and what happened`, async () => {
      const { rows, headSeq } = tamper.apply(entries);
      await rewrite(rows, headSeq);
      try {
        expectNamed(await verifyJson(env()), tamper.expected, entries.length);
      } finally {
        await rewrite(asRows(entries), entries.length);
      }
    }, 30_000);
  }
});
