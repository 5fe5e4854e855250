/** The participant store contract on the embedded LMDB store (src/store/embedded/participant-records.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import { participantStoreContract } from '../contract/participants.contract.js';
import type { StoreFactory } from '../contract/store.contract.js';

const dirs = new Map<unknown, string>();

const lmdbFactory: StoreFactory = {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-lmdb-participants-'));
    const store = LmdbStore.open({ dataDir: dir });
    dirs.set(store, dir);
    return store;
  },
  async reopen(store) {
    const dir = dirs.get(store)!;
    await store.close();
    const reopened = LmdbStore.open({ dataDir: dir });
    dirs.set(reopened, dir);
    return reopened;
  },
  async destroy(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
};

participantStoreContract('embedded LMDB', lmdbFactory);
