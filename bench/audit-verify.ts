/**
 * How long `wasl audit verify` takes over 1,000,000 ledger entries (issue 11, "what it must show").
 * Run: `npx tsx bench/audit-verify.ts [entries]` (default 1,000,000).
 *
 * Fills a throwaway embedded store with a realistic chain (the entry mix of a claim exchange:
 * accepted, delivered, answered, acknowledged...; facts with licences, Bundle ids, hashes, codes
 * and keyed patient hashes, no patient identifier) written straight into its 'ledger' DB in
 * large transactions with the chain code the adapters use, because a million single-entry store
 * writes would time the filling rather than the walk. Then times verifyLedger (what the command
 * runs) over the store's own readLedger, three times, and prints entries/s; then how long the
 * audit index takes to build from the ledger and to reload from its own env (gateway start).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { AuditIndex } from '../src/audit/audit-index.js';
import { LmdbIndexStorage } from '../src/audit/index-storage.js';
import { verifyLedger } from '../src/audit/verify-ledger.js';
import { LmdbStore } from '../src/store/embedded/lmdb-store.js';
import { chainEntry, encoded, GENESIS_HASH } from '../src/store/ledger-chain.js';
import type { LedgerEntry, LedgerFacts, LedgerKind } from '../src/store/ports.js';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = 50_000;
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** One claim exchange's entries, in the order the gateway writes them. */
const CYCLE: readonly { kind: LedgerKind; n?: number }[] = [{ kind: 'accepted' }, { kind: 'delivered', n: 1 }, { kind: 'answered' }, { kind: 'acknowledged' }, { kind: 'delivered', n: 1 }, { kind: 'acknowledged' }];

function factsFor(kind: LedgerKind, i: number, bundleId: string): LedgerFacts {
  const provider = `N-F-${String(10000 + (i % 400)).padStart(5, '0')}`;
  const payer = `N-I-${String(100 + (i % 30)).padStart(5, '0')}`;
  const base: LedgerFacts = { sender: provider, recipient: payer, event: 'claim-request', bundleId, headerId: randomUUID(), receivedHash: hex(`r${i}`) };
  if (kind === 'accepted') return { ...base, deliveredHash: hex(`d${i}`), kid: 'gw-2025-01', outcome: 'queued', codes: ['BV-00165'], patientKeys: [hex(`p${i % 50_000}`)] };
  if (kind === 'answered') return { ...base, sender: payer, recipient: provider, event: 'claim-response', deliveredHash: hex(`a${i}`), kid: 'gw-2025-01', requestHeaderId: randomUUID(), outcome: 'complete' };
  return { sender: provider, recipient: payer, event: 'claim-request', bundleId, deliveredHash: hex(`d${i}`), kid: 'gw-2025-01' };
}

async function fill(dataDir: string): Promise<void> {
  const env = open({ path: join(dataDir, 'store'), maxDbs: 32, compression: false });
  const ledger = env.openDB<LedgerEntry, number>({ name: 'ledger' });
  const meta = env.openDB<number, string>({ name: 'meta' });
  let head = { seq: 0, hash: GENESIS_HASH };
  let bundleId = randomUUID();
  const started = Date.now();
  while (head.seq < TOTAL) {
    const upto = Math.min(TOTAL, head.seq + BATCH);
    await env.transaction(() => {
      while (head.seq < upto) {
        const step = CYCLE[head.seq % CYCLE.length]!;
        if (step.kind === 'accepted') bundleId = randomUUID();
        const facts = encoded(factsFor(step.kind, head.seq, bundleId));
        const entry = chainEntry(head, 1_735_689_600_000 + head.seq * 10, step.kind, facts.body, facts.digest, step.n);
        ledger.put(entry.seq, entry);
        head = { seq: entry.seq, hash: entry.hash };
      }
      meta.put('ledger-seq', head.seq);
    });
  }
  await env.close();
  process.stderr.write(`filled ${TOTAL} entries in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'wasl-bench-audit-'));
try {
  await fill(dir);
  const store = LmdbStore.open({ dataDir: dir });
  for (let round = 1; round <= 3; round += 1) {
    const started = process.hrtime.bigint();
    const report = await verifyLedger(store);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!report.ok || report.verified !== TOTAL) throw new Error(`verify failed: ${JSON.stringify(report)}`);
    process.stdout.write(`round ${round}: ${report.verified} entries verified in ${seconds.toFixed(2)} s = ${Math.round(report.verified / seconds).toLocaleString('en')} entries/s\n`);
  }
  // What a gateway start costs: the audit index built from the ledger, then reloaded from <dataDir>/audit.
  for (const phase of ['built from the ledger', 'reloaded from <dataDir>/audit']) {
    const started = process.hrtime.bigint();
    const index = await AuditIndex.open(store, LmdbIndexStorage.open(dir));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`audit index ${phase}: ${index.size} entries in ${seconds.toFixed(2)} s\n`);
    await index.close();
  }
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
