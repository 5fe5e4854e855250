/**
 * `wasl audit` (SPEC section 7, issue 11 item 2): verify the ledger chain (in the store or in an
 * export), export it as NDJSON, fetch and check the gateway's signed checkpoint, and check an
 * inclusion proof for one message.
 *
 * `verify` and `export` open the store the gateway uses, directly and read-only in effect: Redis
 * when WASL_REDIS_URL is set, otherwise the embedded LMDB store in WASL_DATA_DIR (LMDB readers
 * never block the running gateway's writer).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, CommanderError } from 'commander';
import { cliConfig } from './cli-config.js';
import { exportLines, verifyExportFile } from '../audit/ledger-export.js';
import { ProgressBar } from '../audit/progress-bar.js';
import { verifyLedger, type VerifyReport } from '../audit/verify-ledger.js';
import { LmdbStore } from '../store/embedded/lmdb-store.js';
import type { LedgerStore } from '../store/ports.js';
import { RedisStore } from '../store/redis/redis-store.js';
import { registerCheckpointCommands } from './audit-remote.js';

type LedgerAccess = Pick<LedgerStore, 'readLedger' | 'ledgerHead'> & { close(): Promise<void> };

const config = cliConfig;

async function withLedger<T>(action: (store: LedgerAccess) => Promise<T>): Promise<T> {
  const cfg = config();
  const store: LedgerAccess = cfg.redisUrl ? await RedisStore.connect({ url: cfg.redisUrl }) : LmdbStore.open({ dataDir: cfg.dataDir });
  try {
    return await action(store);
  } finally {
    await store.close();
  }
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new CommanderError(2, 'wasl.audit.badNumber', `error: ${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** The report as people read it: one summary line, and what was trusted. */
export function verifyReportText(report: VerifyReport): string {
  const trusted = report.trusted ? `from entry ${report.fromSeq}, trusting entry ${report.trusted.seq} as read (hash ${report.trusted.hash}); ` : '';
  if (report.ok) return `${trusted}${report.verified} entries verified, head ${report.head?.hash ?? 'empty ledger'}${report.head ? ` (entry ${report.head.seq})` : ''}`;
  const bad = report.break!;
  return `${trusted}chain broken at entry ${bad.seq} (${bad.what}): ${bad.detail}; ${report.verified} entries verified before it`;
}

function printReport(report: VerifyReport, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else (report.ok ? process.stdout : process.stderr).write(`${report.ok ? '' : 'wasl audit verify: '}${verifyReportText(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

export function auditCommand(): Command {
  const audit = new Command('audit')
    .description('check the hash-chained exchange ledger: verify, export, signed checkpoints, inclusion proofs')
    .showHelpAfterError()
    .exitOverride((problem: CommanderError) => process.exit(problem.exitCode === 0 ? 0 : 2));

  audit
    .command('verify')
    .description('walk the ledger chain and name the first entry edited, missing, reordered or inserted (exit 1), or print the head (exit 0)')
    .option('--from <seq>', 'start at entry N, trusting entry N-1 as read', positiveInteger('--from'))
    .option('--file <export.ndjson>', 'verify an export of `wasl audit export` instead of the store')
    .option('--json', 'machine-readable report')
    .action(async (options: { from?: number; file?: string; json?: boolean }) => {
      const bar = new ProgressBar(process.stderr, 'verifying');
      const report = options.file
        ? await verifyExportFile(options.file, (verified) => bar.update(verified))
        : await withLedger((store) => verifyLedger(store, { ...(options.from ? { fromSeq: options.from } : {}), onProgress: (verified, expected) => bar.update(verified, expected) }));
      bar.done();
      printReport(report, options.json === true);
    });

  audit
    .command('export')
    .description('write ledger entries as NDJSON (facts parsed and the raw hashed body), verifiable with `verify --file`')
    .requiredOption('--from <seq>', 'first entry', positiveInteger('--from'))
    .option('--to <seq>', 'last entry (default: the head)', positiveInteger('--to'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { from: number; to?: number; out?: string }) => {
      const written = await withLedger(async (store) => {
        const to = options.to ?? (await store.ledgerHead()).seq;
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        let count = 0;
        for await (const line of exportLines(store, options.from, to)) {
          if (!out.write(`${line}\n`)) await once(out, 'drain');
          count += 1;
        }
        if (out !== process.stdout) await new Promise<void>((resolve, reject) => out.end((problem?: Error | null) => (problem ? reject(problem) : resolve())));
        return count;
      });
      process.stderr.write(`wasl audit export: ${written} entries written${options.out ? ` to ${options.out}` : ''}\n`);
    });

  registerCheckpointCommands(audit);
  return audit;
}
