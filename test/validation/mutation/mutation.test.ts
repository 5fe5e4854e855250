/**
 * Mutation test (issue 3): every kind of defect applied to every official request sample it fits;
 * the report says how many broken messages were detected at all, with the exact official code,
 * and with that code at the exact FHIRPath.
 */
import { describe, expect, it } from 'vitest';
import { manifest, REQUEST_EVENTS, sample } from '../../support/samples.js';
import { findingsOf } from '../../support/validator.js';
import { DEFECTS } from './defects.js';

/** Samples the gateway rejects as they are (README, "Decisions"): a defect on them proves nothing. */
const REJECTED_AS_IS = new Set(['9-claim-pharmacy-request.json', '13a-payment-reconciliation.json']);

describe('mutation test on the official samples', () => {
  it('detects each defect with the exact code at the exact path', () => {
    const samples = manifest().filter((m) => REQUEST_EVENTS.has(m.event) && !REJECTED_AS_IS.has(m.file));
    let applied = 0;
    let detected = 0;
    let exactCode = 0;
    let located = 0;
    const misses: string[] = [];
    const kinds = new Set<string>();
    for (const { file } of samples) {
      for (const defect of DEFECTS) {
        const bundle = structuredClone(sample(file).json);
        const expected = defect.apply(bundle);
        if (!expected) continue;
        kinds.add(defect.id);
        applied += 1;
        const findings = findingsOf(bundle);
        if (findings.length > 0) detected += 1;
        if (findings.some((f) => f.code === expected.code)) exactCode += 1;
        if (findings.some((f) => f.code === expected.code && f.expression === expected.expression)) located += 1;
        else misses.push(`${file} / ${defect.id}: expected ${expected.code} at ${expected.expression}, got ${JSON.stringify(findings.slice(0, 3))}`);
      }
    }
    const pct = (n: number) => `${((100 * n) / applied).toFixed(1)}%`;
    console.log(
      `mutation test: ${kinds.size} kinds of defect, ${applied} broken messages from ${samples.length} samples; ` +
        `detected ${detected} (${pct(detected)}), exact code ${exactCode} (${pct(exactCode)}), exact code and path ${located} (${pct(located)})`,
    );
    if (misses.length > 0) console.log(`not located:\n  ${misses.join('\n  ')}`);
    expect(applied).toBeGreaterThan(100);
    expect(detected).toBe(applied);
    expect(located).toBe(applied);
  });
});
