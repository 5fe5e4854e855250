import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUEST_EVENTS, manifest, sample } from '../../../../support/samples.js';
import { findingsOf } from '../../../../support/validator.js';

const ENFORCED = new Set(Object.keys(JSON.parse(readFileSync(new URL('../../../../../schemas/rules/enforced/clinical.json', import.meta.url), 'utf8')).rules));

describe('the official samples against the enforced clinical rules', () => {
  // A poll-response capture carries no MessageHeader of its own (it is not a message to validate).
  for (const { file, event } of manifest().filter((m) => m.event !== 'poll-response')) {
    it(`${file} (${event}) gives no clinical finding`, () => {
      expect(findingsOf(sample(file).json).filter((f) => ENFORCED.has(f.code))).toEqual([]);
    });
  }
  it('covers every request sample', () => {
    expect(manifest().filter((m) => REQUEST_EVENTS.has(m.event)).length).toBeGreaterThan(15);
  });
});
