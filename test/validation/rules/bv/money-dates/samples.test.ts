import { describe, expect, it } from 'vitest';
import { manifest, REQUEST_EVENTS, sample } from '../../../../support/samples.js';
import enforced from '../../../../../schemas/rules/enforced/money-dates.json' with { type: 'json' };
import { findingsAt, NOW } from './helpers.js';

/** The money and date rules accept every official sample, requests and responses, at today's clock and at the sample's own date. */
describe('official samples pass the money and date rules', () => {
  const ours = new Set(Object.keys(enforced.rules));
  const today = Date.now();
  const rows = manifest().filter((row) => row.event !== 'poll-response');
  for (const row of rows) {
    it(`${row.file} (${REQUEST_EVENTS.has(row.event) ? 'request' : 'response'})`, () => {
      for (const now of [today, NOW]) {
        expect(findingsAt(sample(row.file).json, now).filter((f) => ours.has(f.code))).toEqual([]);
      }
    });
  }
});
