/** The findings cap and the quoting bounds (issue 9, hardening items 1 and 2): src/findings/limit.ts, finding.ts. */
import { describe, expect, it } from 'vitest';
import { error, excerpt, MAX_DIAGNOSTICS, warning, type Finding } from '../../src/findings/finding.js';
import { CappedFindings, FINDINGS_TRUNCATED, FindingList, limitFindings, MAX_FINDINGS } from '../../src/findings/limit.js';

const errors = (n: number, code = 'IB-00001'): Finding[] => Array.from({ length: n }, (_, i) => error(code, `Claim.item[${i}].code`));

describe('limitFindings', () => {
  it('returns a list under the cap as it came, same instance', () => {
    const list = [...errors(3), warning('WASL_WARN_UNVERIFIABLE_CODE', 'Claim.item[0]')];
    expect(limitFindings(list)).toBe(list);
    expect(MAX_FINDINGS).toBe(200);
  });

  it('reports one finding per element and code', () => {
    const list = [error('BV-00001', 'Claim.use', 'first'), error('BV-00001', 'Claim.use', 'again'), error('BV-00002', 'Claim.use')];
    expect(limitFindings(list)).toEqual([error('BV-00001', 'Claim.use', 'first'), error('BV-00002', 'Claim.use')]);
  });

  it('keeps the first 200 errors and ends with an error notice saying how many more', () => {
    const limited = limitFindings(errors(250));
    expect(limited).toHaveLength(201);
    expect(limited[199]?.expression).toBe('Claim.item[199].code');
    expect(limited[200]).toEqual({ code: FINDINGS_TRUNCATED, severity: 'error', diagnostics: 'only the first 200 errors are listed; 50 more were left out' });
  });

  it('caps warnings apart, so warnings never crowd out the errors that reject a message', () => {
    const warnings = Array.from({ length: 300 }, (_, i) => warning('WASL_WARN_UNVERIFIABLE_CODE', `Claim.item[${i}]`));
    const limited = limitFindings([...warnings, ...errors(2)]);
    expect(limited.filter((f) => f.severity === 'error' && f.code !== FINDINGS_TRUNCATED)).toHaveLength(2);
    expect(limited.at(-1)).toMatchObject({ code: FINDINGS_TRUNCATED, severity: 'information' });
  });

  it('is idempotent: a capped list capped again is the same list', () => {
    const once = limitFindings(errors(250));
    expect(limitFindings(once)).toEqual(once);
  });

  it('merges a notice a layer left (FindingList) into the one at the end, keeping it an error', () => {
    const layer = new FindingList(5);
    for (const f of errors(8)) layer.push(f);
    const found = layer.done();
    expect(found).toHaveLength(6);
    const limited = limitFindings([...found, error('BV-00165', 'Claim.use')]);
    expect(limited.map((f) => f.code)).toEqual([...Array(5).fill('IB-00001'), 'BV-00165', FINDINGS_TRUNCATED]);
    expect(limited.at(-1)?.severity).toBe('error');
  });

  it('CappedFindings says when it is full, and a stop is reported', () => {
    const capped = new CappedFindings(2);
    capped.addAll(errors(2));
    expect(capped.full).toBe(true);
    capped.stop();
    expect(capped.done().at(-1)).toEqual({ code: FINDINGS_TRUNCATED, severity: 'error', diagnostics: 'only the first 2 errors are listed; validation stopped there' });
  });
});

describe('quoting bounds', () => {
  it('excerpt cuts a quoted value to 100 characters with an ellipsis', () => {
    expect(excerpt('x'.repeat(100))).toBe('x'.repeat(100));
    const cut = excerpt('x'.repeat(3_000_000));
    expect(cut).toHaveLength(100);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = excerpt(`${'x'.repeat(98)}😀😀`);
    expect(cut).toBe(`${'x'.repeat(98)}…`);
  });

  it('a finding never holds more diagnostics than MAX_DIAGNOSTICS, whatever a layer quotes', () => {
    const f = error('IB-00001', 'Claim.use', `${'y'.repeat(100_000)} is not a code`);
    expect(f.diagnostics?.length).toBe(MAX_DIAGNOSTICS);
  });
});
