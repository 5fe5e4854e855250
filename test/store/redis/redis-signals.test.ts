import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisBackend, type RedisBackend } from '../../../src/store/redis/index.js';
import type { GatewaySignals } from '../../../src/store/ports.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { nextSignal, signalsContract } from '../contract/signals.contract.js';

let server: TestRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const backends = new Map<GatewaySignals, RedisBackend>();
signalsContract('Redis pub/sub', {
  async create() {
    const backend = await openRedisBackend({ url: server.url, prefix: `wasl-test-${randomUUID()}:` });
    backends.set(backend.signals, backend);
    return backend.signals;
  },
  async destroy(signals) {
    await backends.get(signals)?.close();
  },
});

describe('Redis signals across gateway instances', () => {
  it('a message queued through one instance wakes listeners on every instance of the hub', async () => {
    const prefix = `wasl-test-${randomUUID()}:`;
    const a = await openRedisBackend({ url: server.url, prefix });
    const b = await openRedisBackend({ url: server.url, prefix });
    try {
      const signal = { recipient: `payer-${randomUUID()}`, bundleId: randomUUID(), event: 'claim-request' };
      const onA = nextSignal(a.signals, signal.recipient);
      const onB = nextSignal(b.signals, signal.recipient);
      a.signals.queued(signal);
      expect(await onB).toEqual(signal);
      expect(await onA).toEqual(signal);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
