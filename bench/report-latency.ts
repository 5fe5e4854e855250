/**
 * Report latency over a million messages (issue 15, item 5): the report projection's counters are
 * filled by folding synthetic ledger pages (the bodies the gateway writes: accepted requests with
 * items, SBS items, risk facts and warnings; rejections with rule codes; first answers with
 * turnaround, window, decision and reasons) and applying them to the projection store, exactly as
 * the LedgerReader does, but without writing the ledger itself (no HTTP, no chain). Then
 * `buildComplianceReport` is timed over the whole period (January 2026: one month, read from the
 * month roll-ups), over the same period less its first day (every day read from the day buckets:
 * the slow case), with groupBy provider, and for one provider's own report.
 *
 *   npx tsx bench/report-latency.ts                                  # 1,000,000 messages on LMDB
 *   npx tsx bench/report-latency.ts --messages 200000 --store redis  # a throwaway redis-server
 *
 * Reported: the fill's cost per message (fold alone, and fold + atomic apply: what following the
 * ledger adds per message accepted), the number of counters, and the report's latency (median and
 * worst of --runs) for the sector, groupBy provider, and one provider's own report.
 * No patient identifiers: licences are synthetic, bodies carry no ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_COUNTS, reportCounts, reportCountsProjection } from '../src/ledger/report-counts.js';
import { buildComplianceReport } from '../src/reports/build-report.js';
import type { ReportQuery, ReportScope, ReportSource } from '../src/reports/report-types.js';
import { encodeFacts } from '../src/store/ledger-chain.js';
import { openProjections } from '../src/store/open-projections.js';
import type { LedgerEntry, LedgerFacts, LedgerKind } from '../src/store/ports.js';
import type { ProjectionStore } from '../src/store/projection-port.js';
import { startBenchRedis, type BenchRedis } from './redis-server.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    store: { type: 'string', default: 'embedded' },
    runs: { type: 'string', default: '7' },
    providers: { type: 'string', default: '40' },
    payers: { type: 'string', default: '8' },
    days: { type: 'string', default: '31' },
  },
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const PROVIDERS = Number(values.providers);
const PAYERS = Number(values.payers);
const DAYS = Number(values.days);
const PAGE = 1000;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const EVENTS = ['claim-request', 'priorauth-request', 'eligibility-request'];
const CODES = ['BV-00165', 'IC-00050', 'BV-00800', 'IB-00186', 'DT-00001', 'BV-00027', 'IC-00380', 'BV-00542'];
const WARNINGS = ['WASL_WARN_SBS_UNVERIFIABLE'];
const FAMILIES = ['duplicate-exact', 'duplicate-near', 'unbundling', 'upcoding'];
const REASONS = ['AD-1-4', 'MN-1-1', 'CV-4-1', 'BE-1-3'];

/** A deterministic stream: the same fill on every run and machine. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** The ledger entries of message i: its accepted or rejected entry, and for most accepted requests a first answer. */
function entriesOf(i: number, at: number): { kind: LedgerKind; facts: LedgerFacts; at: number }[] {
  const sender = `PR-BENCH-${String(i % PROVIDERS).padStart(3, '0')}`;
  const recipient = `INS-BENCH-${i % PAYERS}`;
  const event = EVENTS[i % EVENTS.length] as string;
  const base = { sender, recipient, event };
  if (random() < 0.12) return [{ kind: 'rejected', at, facts: { ...base, outcome: 'rejected', codes: [pick(CODES), pick(CODES)].sort() } }];
  const billed = event !== 'eligibility-request';
  const items = 1 + Math.floor(random() * 6);
  const accepted: LedgerFacts = {
    ...base,
    outcome: 'queued',
    ...(random() < 0.2 ? { codes: WARNINGS } : {}),
    ...(billed ? { items, sbsItems: random() < 0.95 ? items : items - 1 } : {}),
    ...(billed && random() < 0.03 ? { families: [pick(FAMILIES)] } : {}),
    ...(billed ? { probability: Math.round(random() * 10_000) / 10_000 } : {}),
  };
  const out: { kind: LedgerKind; facts: LedgerFacts; at: number }[] = [{ kind: 'accepted', at, facts: accepted }];
  if (random() < 0.9) {
    const turnaroundMs = Math.floor(random() < 0.8 ? random() * 3000 : random() * 86_400_000);
    const decision = random() < 0.85 ? 'approved' : 'rejected';
    out.push({
      kind: 'answered',
      at: at + turnaroundMs,
      facts: {
        sender: recipient,
        recipient: sender,
        event: event.replace('-request', '-response'),
        requestEvent: event,
        turnaroundMs,
        inWindow: turnaroundMs <= 10_000,
        ...(billed ? { decision, ...(decision === 'rejected' ? { reasons: [pick(REASONS)] } : {}), ...(accepted.probability !== undefined ? { probability: accepted.probability } : {}) } : {}),
      },
    });
  }
  return out;
}

interface FillFigures {
  readonly entries: number;
  readonly foldMicrosPerMessage: number;
  readonly foldApplyMicrosPerMessage: number;
  readonly seconds: number;
}

async function fill(projections: ProjectionStore): Promise<FillFigures> {
  let seq = 0;
  let foldNs = 0n;
  let applyNs = 0n;
  const started = Date.now();
  const perDay = MESSAGES / DAYS;
  let pending: LedgerEntry[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const t0 = process.hrtime.bigint();
    const increments = reportCountsProjection.fold(pending);
    const t1 = process.hrtime.bigint();
    const from = (pending[0] as LedgerEntry).seq - 1;
    await projections.apply(REPORT_COUNTS, from, (pending.at(-1) as LedgerEntry).seq, increments);
    const t2 = process.hrtime.bigint();
    foldNs += t1 - t0;
    applyNs += t2 - t1;
    pending = [];
  };
  for (let i = 0; i < MESSAGES; i++) {
    const at = START + Math.floor(i / perDay) * DAY_MS + Math.floor(random() * 72_000_000);
    for (const entry of entriesOf(i, at)) {
      seq += 1;
      // Only what the fold reads matters: kind, at, body. The chain's hashes are not checked here.
      pending.push({ seq, at: entry.at, kind: entry.kind, prev: '', hash: '', body: encodeFacts(entry.facts) });
    }
    if (pending.length >= PAGE) await flush();
    if (i % 100_000 === 0 && i > 0) process.stderr.write(`  ${i} messages folded\n`);
  }
  await flush();
  return {
    entries: seq,
    foldMicrosPerMessage: Number(foldNs) / 1000 / MESSAGES,
    foldApplyMicrosPerMessage: Number(foldNs + applyNs) / 1000 / MESSAGES,
    seconds: (Date.now() - started) / 1000,
  };
}

async function timeReport(source: ReportSource, query: ReportQuery, scope: ReportScope): Promise<{ medianMs: number; worstMs: number; counters: number }> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    await buildComplianceReport(source, query, scope);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const counters = (await reportCounts(source.projections, query.from, query.to)).length;
  return { medianMs: Number((times[Math.floor(times.length / 2)] as number).toFixed(1)), worstMs: Number((times.at(-1) as number).toFixed(1)), counters };
}

/** The counters' read alone (the store's range scans and the fields' parsing), without the sums. */
async function timeRead(source: ReportSource, from: string, to: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    await reportCounts(source.projections, from, to);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return Number((times[Math.floor(times.length / 2)] as number).toFixed(1));
}

async function main(): Promise<void> {
  let redis: BenchRedis | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-bench-report-'));
  try {
    if (values.store === 'redis') redis = await startBenchRedis();
    const projections = await openProjections({ dataDir, ...(redis ? { redisUrl: redis.url, redisPrefix: 'bench:' } : {}) });
    const filled = await fill(projections);
    process.stderr.write(`filled ${MESSAGES} messages (${filled.entries} ledger entries) in ${filled.seconds.toFixed(1)} s\n`);
    const source: ReportSource = {
      projections,
      // The backlog is read live from the queue, not from the projection: empty here.
      queue: { queueReport: async () => [], deadLetters: async () => [] },
      displays: { display: (_system, code) => code },
      syncWindowMs: 10_000,
      sbsSystems: ['http://nphies.sa/terminology/CodeSystem/procedures'],
      roleOf: (licence) => (licence.startsWith('PR-') ? 'provider' : 'payer'),
    };
    const end = new Date(START + (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
    const period = { from: '2026-01-01', to: end, language: 'en' as const };
    const sector = await timeReport(source, period, { kind: 'sector' });
    const grouped = await timeReport(source, { ...period, groupBy: 'provider' }, { kind: 'sector' });
    const mine = await timeReport(source, period, { kind: 'participant', licence: 'PR-BENCH-007' });
    const readMs = await timeRead(source, period.from, period.to);
    // A period not aligned on months: every day of it is read from the day buckets (the slow case).
    const unaligned = await timeReport(source, { ...period, from: '2026-01-02' }, { kind: 'sector' });
    const report = await buildComplianceReport(source, period, { kind: 'sector' });
    process.stdout.write(
      `${JSON.stringify(
        {
          store: values.store,
          messages: MESSAGES,
          ledgerEntries: filled.entries,
          period: `${period.from}..${period.to}`,
          counters: sector.counters,
          reportAccepted: report.totals.accepted,
          foldMicrosPerMessage: Number(filled.foldMicrosPerMessage.toFixed(2)),
          foldApplyMicrosPerMessage: Number(filled.foldApplyMicrosPerMessage.toFixed(2)),
          sectorReportMs: { median: sector.medianMs, worst: sector.worstMs },
          readCountersMs: { median: readMs },
          unalignedPeriodReportMs: { period: `2026-01-02..${end}`, counters: unaligned.counters, median: unaligned.medianMs, worst: unaligned.worstMs },
          groupByProviderReportMs: { median: grouped.medianMs, worst: grouped.worstMs },
          oneProviderReportMs: { median: mine.medianMs, worst: mine.worstMs },
        },
        null,
        2,
      )}\n`,
    );
    await projections.close();
  } finally {
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
