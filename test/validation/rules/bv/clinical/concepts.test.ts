import { describe, expect, it } from 'vitest';
import {
  FEW, NO_FINDINGS, codingIndexIn, extensionOf, extensionUrl, hasCode, hasCodeIn, hasCodeOf, hasCoding,
  Sequences, hasSystemCodeIn, repeatedSequences,
} from '../../../../../src/validation/rules/bv/clinical/concepts.js';
import { codePointCount } from '../../../../../src/fhir/text.js';
import { SD } from './support.js';

const LOINC = 'http://loinc.org';

describe('the concept readers of the clinical rules', () => {
  const concept = { coding: ['not a coding', { system: 'other', code: 'a' }, { system: LOINC, code: 'b' }, { system: LOINC }] };

  it('read codings that are objects and ignore the rest', () => {
    expect(hasCoding(concept)).toBe(true);
    expect(hasCoding({ coding: ['x', null] })).toBe(false);
    expect(hasCoding({ text: 'only text' })).toBe(false);
    expect(hasCoding(undefined)).toBe(false);
  });

  it('find a code, of a system when one is given', () => {
    expect(hasCodeOf(concept, LOINC)).toBe(true);
    expect(hasCodeOf({ coding: [{ system: LOINC }] }, LOINC)).toBe(false);
    expect(hasCodeOf(concept)).toBe(true);
    expect(hasCode(concept, 'a')).toBe(true);
    expect(hasCode(concept, 'c')).toBe(false);
    expect(hasCodeIn(concept, new Set(['b']))).toBe(true);
    expect(hasSystemCodeIn(concept, LOINC, new Set(['a']))).toBe(false);
    expect(hasSystemCodeIn(concept, LOINC, new Set(['b']))).toBe(true);
  });

  it('give a coding position that counts only the codings that are objects', () => {
    expect(codingIndexIn(concept, new Set(['b']))).toBe(1);
    expect(codingIndexIn(concept, new Set(['z']))).toBe(-1);
  });

  it('find an extension by its url', () => {
    const newborn = { url: extensionUrl('newborn'), valueBoolean: true };
    expect(extensionUrl('newborn')).toBe(`${SD}extension-newborn`);
    expect(extensionOf({ extension: [42, newborn] }, extensionUrl('newborn'))).toBe(newborn);
    expect(extensionOf({}, extensionUrl('newborn'))).toBeUndefined();
    expect(extensionOf(undefined, extensionUrl('newborn'))).toBeUndefined();
  });

  it('count characters as the spread of a string does (a surrogate pair is one, a lone surrogate one)', () => {
    for (const text of ['', 'abc', 'مرحبا', '😀x😀', '\uD83D', 'a\uDE00b', '\uD83D\uD83D\uDE00', 'x\uD83D']) {
      expect(codePointCount(text)).toBe([...text].length);
    }
  });

  it('report each repeated sequence once, the same way for few and for many entries', () => {
    const few = [1, 2, 1, undefined, undefined, 2, 1].map((sequence, index) => ({ index, sequence }));
    expect(repeatedSequences(few).map((e) => e.index)).toEqual([2, 5, 6]);
    const many = Array.from({ length: FEW + 6 }, (_, index) => ({ index, sequence: index % (FEW + 1) }));
    expect(repeatedSequences(many).map((e) => e.index)).toEqual([25, 26, 27, 28, 29]);
    expect(repeatedSequences([{ sequence: 1 }])).toEqual([]);
  });

  it('look sequences up by scan or by Set with the same answers', () => {
    const entries = Array.from({ length: FEW + 1 }, (_, i) => ({ sequence: i + 1 }));
    const few = new Sequences(entries.slice(0, FEW));
    const many = new Sequences(entries);
    for (const value of [1, FEW, '1', null]) expect(many.has(value)).toBe(few.has(value));
    expect(many.has(FEW + 1)).toBe(true);
    expect(few.count([1, 2, 2, 99, '1'])).toBe(3);
    expect(many.count('not an array')).toBe(0);
    expect(new Sequences([]).empty).toBe(true);
  });

  it('share one empty finding list that nobody can add to', () => {
    expect(NO_FINDINGS).toEqual([]);
    expect(() => NO_FINDINGS.push({ code: 'BV-00000', severity: 'error' })).toThrow(TypeError);
  });
});
