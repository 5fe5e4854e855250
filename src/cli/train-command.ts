/**
 * `wasl train --from-store [--min-decisions N] [--seed S] [--dry-run]` (issue 14, item 2): trains
 * the approval model on the payers' decisions in the store a gateway of this configuration uses
 * (beside it while it runs), prints the held-out evaluation of the candidate and of the model in
 * use, and promotes the candidate only when it is better. A running gateway picks up a promoted
 * model within a second, without a restart.
 */
import type { Command } from 'commander';
import { ProgressBar } from '../audit/progress-bar.js';
import type { GatewayConfig } from '../config.js';
import { trainFromStore, type TrainingRun } from '../risk/approval/run-training.js';
import { NotEnoughDecisionsError } from '../risk/approval/train.js';
import { openGatewayStore } from '../store/open-offline.js';

interface TrainFlags {
  fromStore?: boolean;
  minDecisions?: number;
  seed?: number;
  dryRun?: boolean;
  json?: boolean;
}

export function registerTrainCommand(program: Command, config: () => GatewayConfig): Command {
  return program
    .command('train')
    .description('train the prior-authorization/claim approval model on the payers\' decisions; promote it when better on held-out data')
    .option('--from-store', 'read the decisions from the store (ledger and message archive); the only source today')
    .option('--min-decisions <n>', 'decisions a payer needs for a model of its own (default 300)', (v) => Number.parseInt(v, 10))
    .option('--seed <s>', 'seed of the tree subsampling (default 1)', (v) => Number.parseInt(v, 10))
    .option('--dry-run', 'train and evaluate, write nothing')
    .option('--json', 'machine-readable output')
    .action(async (flags: TrainFlags) => {
      if (!flags.fromStore) {
        process.stderr.write('wasl train: --from-store is required (the store is the only source of decisions)\n');
        process.exitCode = 2;
        return;
      }
      const cfg = config();
      const store = await openGatewayStore(cfg);
      const bar = new ProgressBar(process.stderr, 'reading decisions');
      try {
        const run = await trainFromStore(cfg.dataDir, store, {
          ...(flags.minDecisions !== undefined ? { minDecisions: flags.minDecisions } : {}),
          ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          dryRun: flags.dryRun === true,
          progress: (done, total) => bar.update(done, total),
        });
        bar.done();
        process.stdout.write(flags.json ? `${JSON.stringify(run)}\n` : trainingTable(run, flags.dryRun === true));
      } catch (problem) {
        bar.done();
        if (!(problem instanceof NotEnoughDecisionsError)) throw problem;
        process.stderr.write(`wasl train: ${problem.code}: ${problem.message}\n`);
        process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}

export function trainingTable(run: TrainingRun, dryRun: boolean): string {
  const { counts, report } = run;
  const lines = [
    `decisions: ${counts.labelled} (requests ${counts.requests}, answered ${counts.answered}, bodies pruned ${counts.bodyMissing}, no decision ${counts.noDecision})`,
    `training slice: ${report.trainExamples}, held out: ${report.holdoutExamples} (received from ${report.holdoutFrom ?? '-'})`,
    '',
    `${'payer'.padEnd(16)}${'decisions'.padStart(10)}  booster`,
    ...report.payers.map((p) => `${p.payer.padEnd(16)}${String(p.decisions).padStart(10)}  ${p.booster}`),
    '',
    `${'model'.padEnd(56)}${'AUC'.padStart(8)}${'ECE'.padStart(8)}${'logloss'.padStart(9)}${`prec@${report.candidate.autoApproveThreshold}`.padStart(10)}${'auto'.padStart(7)}`,
    row(`in use: ${report.current.modelId} ${report.current.version}`, report.current),
    row(`candidate: ${report.candidate.modelId} ${report.candidate.version}`, report.candidate),
    '',
    dryRun ? `dry run: nothing written (${report.promote ? 'would promote' : 'would not promote'}: ${report.why})` : `${run.promoted ? 'promoted' : 'not promoted'}: ${report.why}`,
    ...(run.path ? [`model file: ${run.path}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function row(name: string, e: { auc: number; ece: number; logLoss: number; precisionAtThreshold: number; autoApproveShare: number }): string {
  const f = (v: number, width: number): string => (Number.isFinite(v) ? v.toFixed(3) : '-').padStart(width);
  return `${name.slice(0, 55).padEnd(56)}${f(e.auc, 8)}${f(e.ece, 8)}${f(e.logLoss, 9)}${f(e.precisionAtThreshold, 10)}${f(e.autoApproveShare, 7)}`;
}
