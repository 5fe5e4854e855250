/**
 * The official samples the validation benchmarks run on: the claim and prior-authorization
 * requests (without 9-claim-pharmacy, which breaks the R4 schema on purpose), or with `all` every
 * sample of the pack. Read once, as text, so each run parses them itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLES_DIR = join(import.meta.dirname, '..', 'test', '__fixtures__', 'nphies-samples');

export function sampleTexts(options: { all?: boolean } = {}): string[] {
  return readFileSync(join(SAMPLES_DIR, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([file, event]) => options.all || ((event === 'claim-request' || event === 'priorauth-request') && file !== '9-claim-pharmacy-request.json'))
    .map(([file]) => readFileSync(join(SAMPLES_DIR, file as string), 'utf8'));
}
