/**
 * What Ajv sees of a rejected resource (src/validation/schema/prune.ts, issue 9): the resource itself when
 * no more than `keep` places fail, else a copy cut after the first `keep` failing places, in linear time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileR4Schema, type CompiledSchema } from '../../../src/validation/schema/compile.js';
import { sample } from '../../support/samples.js';

let schema: CompiledSchema;
beforeAll(() => {
  schema = compileR4Schema(undefined, 5);
});

const claimBundle = (): any => structuredClone(sample('10-claim-professional-request.json').json);

describe('pruning for the reporting validator', () => {
  it('returns a resource with no more than `keep` failing places as it came', () => {
    const bundle = claimBundle();
    bundle.entry[0].resource.focus = [0, 0, 0];
    const pruned = schema.prune(bundle);
    expect(pruned.data).toBe(bundle);
    expect(pruned.cut).toBe(false);
  });

  it('cuts an array after its first failing items, keeping indexes, and Ajv still reports those', () => {
    const bundle = claimBundle();
    bundle.entry[0].resource.focus = new Array(1000).fill(0);
    const pruned = schema.prune(bundle);
    expect(pruned.cut).toBe(true);
    expect((pruned.data as any).entry[0].resource.focus).toEqual([0, 0, 0, 0, 0]);
    expect(bundle.entry[0].resource.focus).toHaveLength(1000); // the message itself is untouched
    expect(schema.validate(pruned.data)).toBe(false);
    const paths = new Set((schema.validate.errors ?? []).map((e) => e.instancePath));
    expect([...paths].filter((p) => p.startsWith('/entry/0/resource/focus/'))).toHaveLength(5);
  });

  it('drops unknown elements past the budget but never a required one', () => {
    const bundle = claimBundle();
    const claim = bundle.entry[1].resource;
    for (let i = 0; i < 50; i++) claim[`x${i}`] = i;
    const pruned = schema.prune(bundle);
    const kept = (pruned.data as any).entry[1].resource;
    expect(Object.keys(kept).filter((k) => k.startsWith('x'))).toHaveLength(5);
    expect(kept.patient).toEqual(claim.patient);
    expect(pruned.failures).toBeGreaterThanOrEqual(50);
  });

  it('stays linear: 1,000,000 failing items are cut in well under a second', () => {
    const bundle = claimBundle();
    bundle.entry[0].resource.focus = new Array(1_000_000).fill(0);
    const started = performance.now();
    const pruned = schema.prune(bundle);
    schema.validate(pruned.data);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
