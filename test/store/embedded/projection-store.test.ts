import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbProjectionStore } from '../../../src/store/embedded/projection-store.js';
import type { ProjectionStore } from '../../../src/store/projection-port.js';
import { projectionStoreContract } from '../contract/projection.contract.js';

const dirs = new Map<ProjectionStore, string>();

projectionStoreContract('embedded LMDB', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-projections-'));
    const store = LmdbProjectionStore.open({ dataDir: dir });
    dirs.set(store, dir);
    return store;
  },
  async reopen(store) {
    const dir = dirs.get(store)!;
    await store.close();
    const reopened = LmdbProjectionStore.open({ dataDir: dir });
    dirs.set(reopened, dir);
    return reopened;
  },
  async destroy(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
  },
});
