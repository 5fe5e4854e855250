/**
 * What the gateway constructs for the audit endpoints, in one call: the index (persisted in
 * <dataDir>/audit beside the embedded store; in memory over Redis, rebuilt by each instance from
 * the shared ledger stream at start) and its Checkpointer. The caller starts the Checkpointer's
 * timer and closes both on shutdown.
 */
import type { LedgerStore } from '../store/ports.js';
import { AuditIndex } from './audit-index.js';
import { Checkpointer, type CheckpointSigningKey } from './checkpoint.js';
import { LmdbIndexStorage, MemoryIndexStorage } from './index-storage.js';

export interface OpenAuditOptions {
  /** The storage backend's kind (StorageBackend.kind). */
  readonly kind: 'embedded' | 'redis';
  readonly dataDir: string;
  readonly ledger: Pick<LedgerStore, 'readLedger'>;
  readonly licence: string;
  readonly signingKey: () => CheckpointSigningKey;
  /** WASL_CHECKPOINT_INTERVAL_S (default 60). */
  readonly intervalS?: number;
  readonly onError?: (problem: unknown) => void;
  /** Clock of the Checkpointer (tests). */
  readonly now?: () => number;
}

export interface Audit {
  readonly index: AuditIndex;
  readonly checkpointer: Checkpointer;
  /** Stops the timer and closes the index. */
  close(): Promise<void>;
}

export async function openAudit(options: OpenAuditOptions): Promise<Audit> {
  const storage = options.kind === 'embedded' ? LmdbIndexStorage.open(options.dataDir) : new MemoryIndexStorage();
  const index = await AuditIndex.open(options.ledger, storage);
  const checkpointer = new Checkpointer({
    index,
    licence: options.licence,
    signingKey: options.signingKey,
    ...(options.intervalS !== undefined ? { intervalS: options.intervalS } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    index,
    checkpointer,
    async close() {
      checkpointer.stop();
      await index.close();
    },
  };
}
