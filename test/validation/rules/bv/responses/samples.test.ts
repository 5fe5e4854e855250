/**
 * The official samples are the passing cases of the response-side rules: none of them, request or
 * answer, breaks a rule of this area (12b is a poll-response capture, not a message Wasl accepts).
 */
import { describe, expect, it } from 'vitest';
import { RESPONSE_RULES } from '../../../../../src/validation/rules/bv/responses/index.js';
import { manifest, sample } from '../../../../support/samples.js';
import { findingsOf } from '../../../../support/validator.js';

const OURS = new Set(RESPONSE_RULES.map((r) => r.id));

describe('official samples pass the response-side rules', () => {
  for (const row of manifest().filter((r) => r.event !== 'poll-response')) {
    it(`${row.file} (${row.event})`, () => {
      expect(findingsOf(sample(row.file).json).filter((f) => OURS.has(f.code))).toEqual([]);
    });
  }
});
