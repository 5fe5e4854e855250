/**
 * CPU time per accepted claim on the gateway's accept path, in process: one real gateway (embedded
 * store, synchronous window 0, rate limits lifted, no validation worker) takes fresh copies of
 * official sample 10 through `app.inject`, one after another, after a warm-up of the same size.
 * No socket and no load generator share the measurement, so two commits compare closely:
 * `bench/compare-refs.sh` runs it on a base commit and on the working tree, interleaved.
 *
 *   node --import tsx bench/accept-cost.ts [--root <checkout>] [--count 2000] [--unsigned]
 *
 * `--unsigned` runs the gateway without message signatures (createGateway's bench-only `sign: false`;
 * the ledger, archive and everything else unchanged), so one run can show what signing costs.
 * `--root` is the checkout whose gateway is measured (default: this one); the script imports its
 * modules, so it also measures commits older than itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { root: { type: 'string' }, count: { type: 'string' }, unsigned: { type: 'boolean' } } });
const root = resolve(values.root ?? join(import.meta.dirname, '..'));
const count = Number(values.count ?? 2000);

const { loadConfig } = await import(join(root, 'src/config.ts'));
const { createGateway } = await import(join(root, 'src/gateway.ts'));
const { initDevelopment } = await import(join(root, 'src/security/init.ts'));
const { WaslClient } = await import(join(root, 'src/client/wasl-client.ts'));
const { participantKeyPath } = await import(join(root, 'src/security/paths.ts'));
const { freePort } = await import(join(root, 'test/support/free-port.ts'));
const { freshCopy } = await import(join(root, 'src/client/fresh-copy.ts'));

const dir = mkdtempSync(join(tmpdir(), 'wasl-accept-cost-'));
try {
  await initDevelopment(dir);
  const port = await freePort();
  // Variables an older commit does not know are ignored by it.
  const config = loadConfig({
    WASL_DATA_DIR: dir,
    WASL_PORT: String(port),
    WASL_HOST: '127.0.0.1',
    WASL_SYNC_WINDOW_MS: '0',
    WASL_RATE_LIMIT_PER_MINUTE: '10000000',
    WASL_VALIDATION_WORKERS: '0',
  });
  // Older commits ignore the option (they sign nothing, or do not know it).
  const gateway = await createGateway(config, values.unsigned ? { sign: false } : {});
  await gateway.app.listen({ host: '127.0.0.1', port });
  const key = JSON.parse(readFileSync(participantKeyPath(dir, 'N-F-00001'), 'utf8'));
  const client = new WaslClient({ baseUrl: `http://127.0.0.1:${port}`, licence: 'N-F-00001', role: 'provider', privateJwk: key });
  const authorization = `Bearer ${await client.token()}`;
  const claim = JSON.parse(readFileSync(join(root, 'test/__fixtures__/nphies-samples/10-claim-professional-request.json'), 'utf8'));
  // New ids and Claim.identifier each: every one a new submission.
  const bodies = Array.from({ length: 2 * count }, () => JSON.stringify(freshCopy(claim)));

  const send = async (payload: string): Promise<void> => {
    const reply = await gateway.app.inject({ method: 'POST', url: '/$process-message', headers: { 'content-type': 'application/fhir+json', authorization }, payload });
    if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}: ${reply.body.slice(0, 300)}`);
  };
  for (let i = 0; i < count; i += 1) await send(bodies[i]!); // warm-up: V8 optimises the path
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = count; i < 2 * count; i += 1) await send(bodies[i]!);
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  console.log(`accept-cost ${root}${values.unsigned ? ' (unsigned)' : ''}: ${count} claims, CPU ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms a claim, wall ${(wallMs / count).toFixed(3)} ms a claim`);
  await gateway.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

