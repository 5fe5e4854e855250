/**
 * The projection-store contract (issue 11, item 7): counters move only with their cursor, in one
 * atomic write refused when the cursor moved, on every adapter, against a real instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorOrderError, ProjectionNameError, type CounterIncrements, type ProjectionStore } from '../../../src/store/projection-port.js';

export interface ProjectionStoreFactory {
  create(): Promise<ProjectionStore>;
  /** Closes and opens the same state again: a restart. */
  reopen(store: ProjectionStore): Promise<ProjectionStore>;
  destroy(store: ProjectionStore): Promise<void>;
}

function increments(entries: Record<string, Record<string, number>>): CounterIncrements {
  return new Map(Object.entries(entries).map(([bucket, fields]) => [bucket, new Map(Object.entries(fields))]));
}

export function projectionStoreContract(name: string, factory: ProjectionStoreFactory): void {
  describe(`${name}: projection store contract`, () => {
    let store: ProjectionStore;
    beforeAll(async () => {
      store = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(store);
    });

    it('starts at cursor 0 with no counters', async () => {
      expect(await store.cursor('fresh')).toBe(0);
      expect(await store.counters('fresh', { from: '', to: '\uffff' })).toEqual([]);
    });

    it('adds increments and moves the cursor together; ranges are inclusive and ordered', async () => {
      expect(await store.apply('p1', 0, 3, increments({ 'd:2026-01-02': { b: 2, a: 1 }, 'd:2026-01-01': { a: 5 } }))).toEqual({ applied: true, cursor: 3 });
      expect(await store.apply('p1', 3, 7, increments({ 'd:2026-01-02': { a: 1, zero: 0 }, 'd:2026-01-03': { c: -1 } }))).toEqual({ applied: true, cursor: 7 });
      expect(await store.cursor('p1')).toBe(7);
      expect(await store.counters('p1', { from: 'd:2026-01-01', to: 'd:2026-01-03' })).toEqual([
        { bucket: 'd:2026-01-01', field: 'a', count: 5 },
        { bucket: 'd:2026-01-02', field: 'a', count: 2 },
        { bucket: 'd:2026-01-02', field: 'b', count: 2 },
        { bucket: 'd:2026-01-03', field: 'c', count: -1 },
      ]);
      expect(await store.counters('p1', { from: 'd:2026-01-02', to: 'd:2026-01-02' })).toHaveLength(2);
      // Another projection's state is its own.
      expect(await store.counters('p1-other', { from: 'd:2026-01-01', to: 'd:2026-01-03' })).toEqual([]);
    });

    it('refuses a stale cursor, writing nothing, and says where the cursor is', async () => {
      await store.apply('p2', 0, 10, increments({ x: { n: 1 } }));
      expect(await store.apply('p2', 0, 5, increments({ x: { n: 100 } }))).toEqual({ applied: false, cursor: 10 });
      expect(await store.apply('p2', 4, 12, increments({ x: { n: 100 } }))).toEqual({ applied: false, cursor: 10 });
      expect(await store.cursor('p2')).toBe(10);
      expect(await store.counters('p2', { from: 'x', to: 'x' })).toEqual([{ bucket: 'x', field: 'n', count: 1 }]);
    });

    it('lets exactly one of many concurrent applies from one cursor through', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => store.apply('p3', 0, 50, increments({ x: { n: 1 } }))));
      expect(results.filter((r) => r.applied)).toHaveLength(1);
      expect(results.every((r) => r.cursor === 50)).toBe(true);
      expect(await store.counters('p3', { from: 'x', to: 'x' })).toEqual([{ bucket: 'x', field: 'n', count: 1 }]);
    });

    it('refuses, as defects, a cursor that does not move forward, a fraction, a non-ASCII bucket, and a name it cannot key', async () => {
      await expect(store.apply('p4', 3, 3, new Map())).rejects.toBeInstanceOf(CursorOrderError);
      await expect(store.apply('p4', 5, 2, new Map())).rejects.toBeInstanceOf(CursorOrderError);
      await expect(store.apply('p4', 0, 1, increments({ x: { n: 0.5 } }))).rejects.toBeInstanceOf(RangeError);
      await expect(store.apply('p4', 0, 1, increments({ 'd:2026-01-01\u00e9': { n: 1 } }))).rejects.toBeInstanceOf(RangeError);
      await expect(store.apply('P:4', 0, 1, new Map())).rejects.toBeInstanceOf(ProjectionNameError);
      expect(await store.cursor('p4')).toBe(0);
    });

    it('keeps cursor and counters across a restart', async () => {
      await store.apply('p5', 0, 9, increments({ 'd:2026-02-01': { 'a|b': 4 } }));
      store = await factory.reopen(store);
      expect(await store.cursor('p5')).toBe(9);
      expect(await store.counters('p5', { from: 'd:2026-02-01', to: 'd:2026-02-01' })).toEqual([{ bucket: 'd:2026-02-01', field: 'a|b', count: 4 }]);
    });
  });
}
