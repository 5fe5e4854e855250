/**
 * `npm run eval:risk` (issue 14, "What it must show"): on held-out data, the AUC and calibration of
 * the approval score against payer policies, and its time per message (bench/eval-risk-score.ts).
 * Each half of the risk checks reports its own section: the FWA families' precision and recall on
 * a labelled set go beside this one, in a module of their own.
 *
 *   npm run eval:risk -- [--train 2000] [--test 1000] [--seed 1] [--json]
 */
import { parseArgs } from 'node:util';
import { evaluateScore, loadBenchPolicies, scoreTable } from './eval-risk-score.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '2000' },
    test: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const options = { train: Number(values.train), test: Number(values.test), seed: Number(values.seed) };

const score = Object.entries(loadBenchPolicies()).map(([name, policy]) => {
  process.stderr.write(`approval score: policy ${name}...\n`);
  return evaluateScore(name, policy, options);
});

if (values.json) process.stdout.write(`${JSON.stringify({ score }, null, 1)}\n`);
else {
  process.stdout.write(`Approval score on held-out simulated prior authorizations (trained on ${options.train}, tested on ${options.test} generated with another seed; threshold 0.9)\n`);
  process.stdout.write(`${scoreTable(score)}\n`);
}
