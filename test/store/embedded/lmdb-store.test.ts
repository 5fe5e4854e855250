import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import { StoreUnavailableError } from '../../../src/store/ports.js';
import { ledgerContract } from '../contract/ledger.contract.js';
import { storeContract, type StoreFactory } from '../contract/store.contract.js';

const dirs = new Map<unknown, string>();

const lmdbFactory: StoreFactory = {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-lmdb-'));
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
storeContract('embedded LMDB', lmdbFactory);
ledgerContract('embedded LMDB', lmdbFactory);

describe('embedded LMDB store', () => {
  it('refuses work once closed with a coded error, and says it is not ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-lmdb-'));
    const store = LmdbStore.open({ dataDir: dir });
    await store.close();
    expect(await store.ready()).toBe(false);
    await expect(store.ack('x', ['y'])).rejects.toBeInstanceOf(StoreUnavailableError);
    rmSync(dir, { recursive: true, force: true });
  });
});
