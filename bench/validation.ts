/**
 * Full-validation throughput on the official claim and prior-authorization samples, on one core,
 * beside bare JSON.parse of the same texts in the same process (issue 3): the ratio is the figure.
 *
 *   npm run bench:validation -- --seconds 5
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { isBlocking } from '../src/findings/finding.js';
import { readEnvelope } from '../src/fhir/message.js';
import { buildValidation } from '../src/validation/build.js';
import { sampleTexts } from './claim-samples.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const seconds = Number(values.seconds);
const texts = sampleTexts();

const started = performance.now();
const { schemasDir, profilesDir } = loadConfig({});
const { events, validator } = buildValidation({ schemasDir, profilesDir });
const compileMs = performance.now() - started;

/** Runs `work` over the texts for `seconds`, returns bundles per second. */
function measure(work: (text: string) => void): number {
  let count = 0;
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    for (const text of texts) work(text);
    count += texts.length;
  }
  return count / seconds;
}

const findingsOf = (text: string) => {
  const read = readEnvelope(JSON.parse(text));
  if (!read.ok) throw new Error('sample is not a message');
  return validator.validate(read.envelope, events.get(read.envelope.event)!);
};
// What the samples get, counted once: errors must be none; warnings are the SBS codes that cannot be
// verified without the licensed list (WASL_WARN_UNVERIFIABLE_CODE).
const once = texts.flatMap(findingsOf);
const errorsOnSamples = once.filter(isBlocking).length;
const warningsOnSamples = once.length - errorsOnSamples;
let sink = 0;
const validate = (text: string): void => {
  sink += findingsOf(text).length;
};
measure(validate); // warm-up: JIT and caches
const parseOnly = measure((text) => void JSON.parse(text));
const full = measure(validate);
const meanKiB = texts.reduce((sum, t) => sum + t.length, 0) / texts.length / 1024;
const report = {
  samples: texts.length,
  meanKiB: Number(meanKiB.toFixed(1)),
  compileMs: Math.round(compileMs),
  parseOnlyPerSecond: Math.round(parseOnly),
  parseAndValidatePerSecond: Math.round(full),
  /** Parse and validation together, in parses: what a gateway pays per message before routing. */
  costOverParse: Number((parseOnly / full).toFixed(2)),
  /** The validation layers alone (parse taken out), in parses: the figure issue 3 bounds. */
  layersOverParse: Number((parseOnly / full - 1).toFixed(2)),
  errorsOnSamples,
  warningsOnSamples,
};
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(
    [
      `validation bench: ${report.samples} claim/prior-auth samples (mean ${report.meanKiB} KiB), ${seconds} s each, one core, Node ${process.version}`,
      `  pipeline compiled in ${report.compileMs} ms`,
      `  JSON.parse only:        ${report.parseOnlyPerSecond} bundles/s`,
      `  parse + full validation: ${report.parseAndValidatePerSecond} bundles/s`,
      `  parse + validation cost ${report.costOverParse}x the parse alone; the validation layers alone ${report.layersOverParse}x`,
      `  on the samples: ${report.errorsOnSamples} errors (expected 0), ${report.warningsOnSamples} warnings (SBS codes not verifiable without the licensed list)`,
      '',
    ].join('\n'),
  );
}
