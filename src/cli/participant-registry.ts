/**
 * The participant registry as a one-shot command opens it: the same store the gateway uses (the
 * data directory's LMDB, or Redis when WASL_REDIS_URL is set), importing participants.json on the
 * store's first start exactly as the gateway would, and announcing its changes to running gateways.
 */
import type { GatewayConfig } from '../config.js';
import { StoreParticipantRegistry } from '../security/participants/store-registry.js';
import { openGatewayStore } from '../store/open-offline.js';
import { participantsAnnouncer } from '../store/participant-announcer.js';

export interface CliRegistry {
  readonly registry: StoreParticipantRegistry;
  close(): Promise<void>;
}

export async function openCliRegistry(config: Pick<GatewayConfig, 'dataDir' | 'redisUrl'>): Promise<CliRegistry> {
  const store = await openGatewayStore(config);
  const announcer = participantsAnnouncer(store);
  try {
    // checkIntervalMs 0: a command reads once and writes; it does not follow.
    const registry = await StoreParticipantRegistry.open({
      store,
      dataDir: config.dataDir,
      checkIntervalMs: 0,
      signals: { participantsChanged: () => announcer.participantsChanged(), onParticipantsChanged: () => () => undefined },
    });
    return {
      registry,
      async close() {
        registry.close();
        await announcer.flushed();
        await store.close();
      },
    };
  } catch (problem) {
    await store.close();
    throw problem;
  }
}

/** Opens the registry for one use and lets it go (the store's connection or environment) whatever happens. */
export async function withCliRegistry<T>(config: Pick<GatewayConfig, 'dataDir' | 'redisUrl'>, use: (registry: StoreParticipantRegistry) => Promise<T>): Promise<T> {
  const opened = await openCliRegistry(config);
  try {
    return await use(opened.registry);
  } finally {
    await opened.close();
  }
}
