/**
 * The parse guard on its own (src/http/json-guard.ts): every official sample and sandbox capture
 * passes the default limits and parses to what JSON.parse gives; each refusal names its code
 * and, where it can, the FHIRPath-like location.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ARRAY_LENGTH, DEFAULT_MAX_JSON_VALUES } from '../../src/config.js';
import { NotProcessable } from '../../src/findings/not-processable.js';
import { readFhirBody } from '../../src/http/body.js';
import { MAX_OBJECT_KEYS } from '../../src/http/json-guard.js';

const LIMITS = { maxDepth: 64, maxArrayLength: DEFAULT_MAX_ARRAY_LENGTH, maxValues: DEFAULT_MAX_JSON_VALUES };
const FIXTURES = join(import.meta.dirname, '..', '__fixtures__');

function refusal(body: string | Buffer, limits = LIMITS): { code: string; expression?: string; diagnostics?: string } {
  try {
    readFhirBody(Buffer.isBuffer(body) ? body : Buffer.from(body), limits);
  } catch (problem) {
    if (problem instanceof NotProcessable) return problem.findings[0]!;
    throw problem;
  }
  throw new Error('accepted');
}

describe('parse guard', () => {
  for (const dir of ['nphies-samples', 'nphies-sandbox']) {
    it(`accepts every ${dir} message unchanged under the default limits`, () => {
      for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.json'))) {
        const bytes = readFileSync(join(FIXTURES, dir, file));
        const body = readFhirBody(bytes, LIMITS);
        expect(body.raw, file).toBe(bytes.toString('utf8'));
        expect(body.parsed, file).toEqual(JSON.parse(body.raw));
      }
    });
  }

  it('keeps the exact text, including a legitimate U+FFFD and escaped characters', () => {
    const text = '{"resourceType":"Bundle","note":"\uFFFD \\u0022 \\\\","x":[]}';
    expect(readFhirBody(Buffer.from(text), LIMITS).raw).toBe(text);
  });

  it('counts keys and arrays outside strings only', () => {
    expect(() => readFhirBody(Buffer.from('{"a":"x:y,[z]{","b":"\\":","c":[ ],"d":[[],[1,2]]}'), LIMITS)).not.toThrow();
  });

  it('refuses a duplicate key at any depth with its path', () => {
    expect(refusal('{"resourceType":"Bundle","entry":[{"resource":{"a":1}},{"resource":{"b":1,"c":{"d":1,"d":2}}}]}')).toMatchObject({
      code: 'WASL_ERR_DUPLICATE_KEY',
      expression: 'Bundle.entry[1].resource.c.d',
    });
    expect(refusal('{"a":1,"a":1}')).toMatchObject({ code: 'WASL_ERR_DUPLICATE_KEY', expression: '$.a' });
  });

  it('refuses ±Infinity, not merely large numbers', () => {
    expect(refusal('{"resourceType":"Bundle","v":[1,-1e400]}')).toMatchObject({ code: 'WASL_ERR_NON_FINITE_NUMBER', expression: 'Bundle.v[1]' });
    expect(refusal('1e999').code).toBe('WASL_ERR_NON_FINITE_NUMBER');
    expect(() => readFhirBody(Buffer.from('{"v":1e308,"w":1e-400}'), LIMITS)).not.toThrow();
  });

  it('refuses __proto__ and constructor.prototype keys without polluting', () => {
    expect(refusal('{"a":[{"__proto__":{"x":1}}]}').code).toBe('WASL_ERR_FORBIDDEN_KEY');
    expect(refusal('{"constructor":{"prototype":{"x":1}}}').code).toBe('WASL_ERR_FORBIDDEN_KEY');
    expect(() => readFhirBody(Buffer.from('{"constructor":"a string is fine"}'), LIMITS)).not.toThrow();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('applies the array limit at exactly its value', () => {
    const limits = { ...LIMITS, maxArrayLength: 3 };
    expect(() => readFhirBody(Buffer.from('{"a":[1,2,3]}'), limits)).not.toThrow();
    expect(refusal('{"resourceType":"Bundle","a":[{"b":[1,2,3,4]}]}', limits)).toMatchObject({
      code: 'WASL_ERR_ARRAY_TOO_LONG',
      expression: 'Bundle.a[0].b',
      diagnostics: 'an array of 4 elements; at most 3 are accepted (WASL_MAX_ARRAY_LENGTH)',
    });
  });

  it('refuses an object of more than 1,000 keys at any depth (900,000 unknown keys once cost ~0.75 s of validation)', () => {
    const object = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`;
    expect(() => readFhirBody(Buffer.from(`{"a":[${object(MAX_OBJECT_KEYS)}],"b":${object(MAX_OBJECT_KEYS)}}`), LIMITS)).not.toThrow();
    expect(refusal(`{"resourceType":"Bundle","entry":[${object(MAX_OBJECT_KEYS + 1)}]}`).code).toBe('WASL_ERR_TOO_MANY_KEYS');
    expect(refusal(object(900_000)).code).toBe('WASL_ERR_TOO_MANY_KEYS');
  });

  it('counts every value (objects, arrays and scalars) against the value limit', () => {
    // 1 root + 2 members + 3 elements = 6 values
    expect(() => readFhirBody(Buffer.from('{"a":[1,2,3],"b":null}'), { ...LIMITS, maxValues: 6 })).not.toThrow();
    expect(refusal('{"a":[1,2,3],"b":null}', { ...LIMITS, maxValues: 5 }).code).toBe('WASL_ERR_TOO_MANY_VALUES');
  });

  it('refuses depth before parsing, a BOM, invalid UTF-8 and malformed JSON', () => {
    expect(refusal(`${'['.repeat(65)}${']'.repeat(65)}`).code).toBe('WASL_ERR_TOO_DEEP');
    expect(refusal(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d])).code).toBe('WASL_ERR_BOM');
    expect(refusal(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])).code).toBe('WASL_ERR_INVALID_UTF8'); // a UTF-8 encoded surrogate
    expect(refusal(Buffer.from([0xff, 0xfe, 0x7b, 0x00])).code).toBe('WASL_ERR_INVALID_UTF8'); // UTF-16 with its BOM
    expect(refusal('{"a":1,}').code).toBe('GE-00013');
    expect(refusal(']]]').code).toBe('GE-00013');
    expect(refusal('  ').code).toBe('GE-00013');
  });
});
