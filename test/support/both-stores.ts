/**
 * Runs one suite against a real gateway on each store adapter: the embedded LMDB store, and a
 * real `redis-server` on a free port (never the machine's shared Redis). State-bearing attacks
 * (SPEC section 10: both adapters behave as one hub) are asserted on both.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway.js';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

export type StoreKind = 'embedded' | 'redis';

export function describeOnBothStores(title: string, overrides: Record<string, string>, suite: (gw: TestGateway, store: StoreKind) => void): void {
  for (const kind of ['embedded', 'redis'] as const) {
    describe(`${title} (${kind} store)`, () => {
      let redis: TestRedisServer | undefined;
      let current: TestGateway | undefined;
      beforeAll(async () => {
        if (kind === 'redis') redis = await startRedisServer();
        current = await startTestGateway({ ...overrides, ...(redis ? { WASL_REDIS_URL: redis.url } : {}) });
      });
      afterAll(async () => {
        await current?.stop();
        await redis?.stop();
      });
      const gw = new Proxy({} as TestGateway, {
        get(_target, key) {
          if (!current) throw new Error('the test gateway is not started yet (use it inside tests or hooks)');
          return Reflect.get(current, key);
        },
      });
      suite(gw, kind);
    });
  }
}
