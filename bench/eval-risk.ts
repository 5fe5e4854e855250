/**
 * `npm run eval:risk` (issue 14, "What it must show"): on held-out data, the AUC and calibration of
 * the approval score against payer policies, and its time per message (bench/eval-risk-score.ts);
 * the FWA families' precision and recall on a labelled set, and the risk stage's time per message
 * (bench/eval-risk-fwa.ts). Each half reports its own section.
 *
 *   npm run eval:risk -- [--train 2000] [--test 1000] [--seed 1] [--fwa-cases 30] [--json]
 */
import { parseArgs } from 'node:util';
import { evaluateFwa, fwaTable } from './eval-risk-fwa.js';
import { evaluateScore, loadBenchPolicies, scoreTable } from './eval-risk-score.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '2000' },
    test: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'fwa-cases': { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const options = { train: Number(values.train), test: Number(values.test), seed: Number(values.seed) };

const score = Object.entries(loadBenchPolicies()).map(([name, policy]) => {
  process.stderr.write(`approval score: policy ${name}...\n`);
  return evaluateScore(name, policy, options);
});

const perFamily = Number(values['fwa-cases']);
process.stderr.write(`FWA families: ${perFamily} positive and ${perFamily} negative cases each...\n`);
const fwa = await evaluateFwa({ perFamily, seed: options.seed });

if (values.json) process.stdout.write(`${JSON.stringify({ score, fwa }, null, 1)}\n`);
else {
  process.stdout.write(`Approval score on held-out simulated prior authorizations (trained on ${options.train}, tested on ${options.test} generated with another seed; threshold 0.9)\n`);
  process.stdout.write(`${scoreTable(score)}\n\n`);
  process.stdout.write(`FWA families on a labelled set (${fwa.cases} cases from the official samples, seed ${options.seed}; real stage, LMDB store)\n`);
  process.stdout.write(`${fwaTable(fwa)}\n`);
}
