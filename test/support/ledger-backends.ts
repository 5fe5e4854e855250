/**
 * A gateway store and a projection store over the same state, on either adapter, with a clock the
 * test moves (ledger entries take their time from the store's `now`, so a test can put traffic on
 * chosen UTC days). Real LMDB directories and a real redis-server; no mocks.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import { openProjections } from '../../src/store/open-projections.js';
import type { GatewayStore } from '../../src/store/ports.js';
import type { ProjectionStore } from '../../src/store/projection-port.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { afterAll, beforeAll, describe } from 'vitest';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

export interface TestClock {
  now: number;
}

export interface LedgerInstance {
  readonly store: GatewayStore;
  readonly projections: ProjectionStore;
  close(): Promise<void>;
}

export interface LedgerBackend {
  readonly clock: TestClock;
  /** A gateway instance (store and projections) over this backend's state; several may be open at once over Redis. */
  open(): Promise<LedgerInstance>;
  /** Removes the state (the LMDB directory; a Redis prefix is left to its server's `stop()`). */
  destroy(): void;
}

export type LedgerBackendKind = 'embedded' | 'redis';

export function ledgerBackend(kind: LedgerBackendKind, redis: () => TestRedisServer | undefined): LedgerBackend {
  const clock: TestClock = { now: Date.UTC(2026, 2, 1, 8) };
  const now = (): number => clock.now;
  if (kind === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'wasl-ledger-'));
    return {
      clock,
      async open() {
        const store = LmdbStore.open({ dataDir, now });
        const projections = await openProjections({ dataDir });
        return { store, projections, close: async () => void (await Promise.all([store.close(), projections.close()])) };
      },
      destroy: () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const prefix = `wasl-test-${randomUUID()}:`;
  return {
    clock,
    async open() {
      const server = redis();
      if (!server) throw new Error('start the redis-server first');
      const store = await RedisStore.connect({ url: server.url, prefix, now });
      const projections = await openProjections({ dataDir: '', redisUrl: server.url, redisPrefix: prefix });
      return { store, projections, close: async () => void (await Promise.all([store.close(), projections.close()])) };
    },
    destroy: () => undefined,
  };
}

/**
 * `describe` once per store adapter, with one open store instance for the block (a real
 * redis-server started for the Redis one): `body` gets a getter, read inside its tests.
 */
export function describeOnLedgerBackends(title: string, body: (instance: () => LedgerInstance, kind: LedgerBackendKind) => void): void {
  for (const kind of ['embedded', 'redis'] as const) {
    describe(`${title} (${kind} store)`, () => {
      let redis: TestRedisServer | undefined;
      let backend: LedgerBackend;
      let opened: LedgerInstance;
      beforeAll(async () => {
        if (kind === 'redis') redis = await startRedisServer();
        backend = ledgerBackend(kind, () => redis);
        opened = await backend.open();
      });
      afterAll(async () => {
        await opened?.close();
        backend?.destroy();
        await redis?.stop();
      });
      body(() => opened, kind);
    });
  }
}
