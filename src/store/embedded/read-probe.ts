/**
 * Counts what the embedded store reads from LMDB: one per `get`/`doesExist` and one per entry a
 * range yields. Tests use it to check that a poll reads a bounded number of keys whatever the
 * depth of the queue (issue 12), without timing anything. Only wired in when a probe is given:
 * the gateway's own store reads its databases directly.
 */
import type { Database } from 'lmdb';

export interface LmdbReadProbe {
  reads: number;
}

/** `db` itself without a probe; with one, a view of it that counts every read. */
export function probed<V, K extends import('lmdb').Key>(db: Database<V, K>, probe: LmdbReadProbe | undefined): Database<V, K> {
  if (!probe) return db;
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'get' || prop === 'doesExist') {
        return (...args: unknown[]) => {
          probe.reads += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (prop === 'getRange' || prop === 'getKeys') {
        return (...args: unknown[]) => counted((value as (...a: unknown[]) => Iterable<unknown>).apply(target, args), probe);
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function* counted<T>(range: Iterable<T>, probe: LmdbReadProbe): Generator<T> {
  for (const entry of range) {
    probe.reads += 1;
    yield entry;
  }
}
