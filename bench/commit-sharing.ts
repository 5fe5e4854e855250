/**
 * How gateway writes share LMDB commits and flushes (issue 12, item 3), in process: one real
 * gateway (embedded store, synchronous window 0, rate limits lifted, no validation worker) takes
 * fresh copies of official sample 10 from `--concurrency` loops at once (the bench's 10 connections,
 * without sockets), after a warm-up of the same size. With the window at 0 and no payer, each claim
 * is exactly one store write (`accept`), so the figures per claim are figures per write.
 *
 *   node --import tsx bench/commit-sharing.ts [--count 4000] [--concurrency 10]
 *   perf stat -e syscalls:sys_enter_fdatasync -- node --import tsx bench/commit-sharing.ts
 *
 * Prints claims per second, CPU per claim, the store wait per claim (from the call of `accept` to
 * its promise resolving: waiting for a batch, the callback on the main thread, commit and flush),
 * and, from the environment's `lastTxnId` (read through a second handle on the same environment),
 * commits, commits per second and claims per commit; the sync time a commit as well if the store
 * were opened with `trackMetrics` (it is not). Every commit of this
 * environment is flushed (fdatasync) before its writes are acknowledged, possibly by one flush that
 * covers several commits, so flushes per second are at most commits per second: run it under
 * `perf stat` (above) to count the fdatasync calls themselves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string' }, concurrency: { type: 'string' } } });
const root = resolve(join(import.meta.dirname, '..'));
const count = Number(values.count ?? 4000);
const concurrency = Number(values.concurrency ?? 10);

const { loadConfig } = await import(join(root, 'src/config.ts'));
const { createGateway } = await import(join(root, 'src/gateway.ts'));
const { initDevelopment } = await import(join(root, 'src/security/init.ts'));
const { WaslClient } = await import(join(root, 'src/client/wasl-client.ts'));
const { participantKeyPath } = await import(join(root, 'src/security/paths.ts'));
const { freePort } = await import(join(root, 'test/support/free-port.ts'));
const { freshCopy } = await import(join(root, 'src/client/fresh-copy.ts'));
const { LmdbStore } = await import(join(root, 'src/store/embedded/lmdb-store.ts'));

/** Store wait: time from `accept` being called to its promise settling, summed over the measured phase. */
let measuring = false;
let waitMs = 0;
let waits = 0;
const accept = LmdbStore.prototype.accept;
LmdbStore.prototype.accept = async function timedAccept(this: unknown, ...args: unknown[]) {
  const started = performance.now();
  try {
    return await accept.apply(this, args as Parameters<typeof accept>);
  } finally {
    if (measuring) {
      waitMs += performance.now() - started;
      waits += 1;
    }
  }
};

const dir = mkdtempSync(join(tmpdir(), 'wasl-commit-sharing-'));
try {
  await initDevelopment(dir);
  const port = await freePort();
  const config = loadConfig({
    WASL_DATA_DIR: dir,
    WASL_PORT: String(port),
    WASL_HOST: '127.0.0.1',
    WASL_SYNC_WINDOW_MS: '0',
    WASL_RATE_LIMIT_PER_MINUTE: '10000000',
    WASL_VALIDATION_WORKERS: '0',
  });
  const gateway = await createGateway(config, {});
  await gateway.app.listen({ host: '127.0.0.1', port });
  // The store's environment: lmdb-js hands a second open of the same path the same environment.
  const { open } = await import('lmdb');
  const env = open({ path: join(dir, 'store'), maxDbs: 32, compression: false });
  const key = JSON.parse(readFileSync(participantKeyPath(dir, 'N-F-00001'), 'utf8'));
  const client = new WaslClient({ baseUrl: `http://127.0.0.1:${port}`, licence: 'N-F-00001', role: 'provider', privateJwk: key });
  const authorization = `Bearer ${await client.token()}`;
  const claim = JSON.parse(readFileSync(join(root, 'test/__fixtures__/nphies-samples/10-claim-professional-request.json'), 'utf8'));
  const bodies = Array.from({ length: 2 * count }, () => JSON.stringify(freshCopy(claim)));

  const send = async (payload: string): Promise<void> => {
    const reply = await gateway.app.inject({ method: 'POST', url: '/$process-message', headers: { 'content-type': 'application/fhir+json', authorization }, payload });
    if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}: ${reply.body.slice(0, 300)}`);
  };
  const phase = async (from: number, to: number): Promise<void> => {
    let next = from;
    const loop = async (): Promise<void> => {
      while (next < to) await send(bodies[next++]!);
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
  };
  await phase(0, count); // warm-up: V8 optimises the path
  const stats = (): { txns?: number; timeSync?: number; lastTxnId: number } => env.getStats() as never;
  const before = stats();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  measuring = true;
  await phase(count, 2 * count);
  measuring = false;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const after = stats();
  const commits = after.lastTxnId - before.lastTxnId;
  const sync = after.timeSync !== undefined && before.timeSync !== undefined ? ` sync ${(((after.timeSync - before.timeSync) * 1000) / commits).toFixed(2)} ms a commit,` : '';
  console.log(
    `commit-sharing: ${count} claims, ${concurrency} at once: ${(count / seconds).toFixed(0)} claims/s, CPU ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms a claim, ` +
      `store wait ${(waitMs / waits).toFixed(2)} ms a claim, ${commits} commits (${(commits / seconds).toFixed(0)}/s),${sync} ${(count / commits).toFixed(2)} claims a commit`,
  );
  await gateway.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
