/**
 * Crash safety of the scaled-out gateway (SPEC section 10): two `wasl start` processes on
 * different ports share one Redis and one data directory. Claims stream in spread over both, and
 * the payer polls both; one process is SIGKILLed mid-stream and the senders and the payer go on
 * through the other, resending what was in flight. Then the queue is drained: every message
 * answered 200 is delivered, none is lost, and none is handed to the payer twice except when its
 * acknowledgement was in flight to the killed process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WaslClient } from '../../src/client/wasl-client.js';
import { initDevelopment } from '../../src/security/init.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { ChainVerifier } from '../../src/store/ledger-chain.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { freePort } from '../support/free-port.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { fresh, sample } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PROVIDER = 'N-F-00003';
const PAYER = 'N-I-00001';
/** Short, so messages leased by a poll the killed process never answered come back during the drain. */
const LEASE_MS = 3000;

/** The static secret a scraper presents at `/metrics` (WASL_METRICS_TOKEN). */
const METRICS_TOKEN = 'crash-redis-test-metrics-secret-0123456789';

const started = new Set<ChildProcess>();
// A test process that dies (or is interrupted) must not leave gateways behind.
process.once('exit', () => {
  for (const child of started) if (!exited(child)) child.kill('SIGKILL');
});

interface Instance {
  readonly url: string;
  readonly process: ChildProcess;
}

async function startInstance(dataDir: string, redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/wasl.ts'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      WASL_DATA_DIR: dataDir,
      WASL_REDIS_URL: redisUrl,
      WASL_PORT: String(port),
      WASL_HOST: '127.0.0.1',
      WASL_SYNC_WINDOW_MS: '20',
      WASL_LEASE_MS: String(LEASE_MS),
      WASL_LOG_LEVEL: 'fatal',
      WASL_METRICS_TOKEN: METRICS_TOKEN,
      // Two payer loops poll every 20 ms when idle: far beyond the default per-participant budget.
      WASL_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started.add(child);
  return { url: `http://127.0.0.1:${port}`, process: child };
}

/** The system error code under a failed fetch (`fetch failed` wraps it). */
function causeCode(failure: unknown): string | undefined {
  const cause = (failure as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitReady(instance: Instance): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (exited(instance.process)) throw new Error(`gateway at ${instance.url} exited while starting`);
    try {
      if ((await fetch(`${instance.url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gateway at ${instance.url} did not become ready`);
}

async function clientOf(dataDir: string, url: string, licence: string, role: 'provider' | 'payer'): Promise<WaslClient> {
  const privateJwk = JSON.parse(await readFile(participantKeyPath(dataDir, licence), 'utf8'));
  const client = new WaslClient({ baseUrl: url, licence, role, privateJwk });
  await client.token();
  return client;
}

/** Queue depth of a recipient as an instance reports it at /metrics (0 when it reports none). */
async function reportedDepth(url: string, recipient: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`wasl_queue_depth{recipient="${recipient}"} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('crash safety of two gateway processes over one Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-crash-redis-'));
  let redis: TestRedisServer | undefined;
  const instances: Instance[] = [];
  afterAll(async () => {
    for (const instance of instances) if (!exited(instance.process)) instance.process.kill('SIGKILL');
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after SIGKILL of one instance, every message answered 200 is delivered, none lost, none handed out twice', async () => {
    redis = await startRedisServer();
    // Initialised once here, so the two processes do not both initialise the directory at start.
    await initDevelopment(dataDir);
    instances.push(await startInstance(dataDir, redis.url), await startInstance(dataDir, redis.url));
    await Promise.all(instances.map(waitReady));
    const [victim, survivor] = instances as [Instance, Instance];
    const providers = await Promise.all(instances.map((i) => clientOf(dataDir, i.url, PROVIDER, 'provider')));
    const payers = await Promise.all(instances.map((i) => clientOf(dataDir, i.url, PAYER, 'payer')));

    const template = sample('7a-claim-dental-request.json').json;
    const total = 240;
    const killAfter = 80;
    const accepted = new Set<string>();
    /** Attempts on the victim that failed (before the kill none should). */
    let failedOnVictim = 0;
    let brokenInFlight = 0;
    let unanswered = 0;
    let next = 0;

    /** Sends one message, round robin over the instances; a failed attempt is resent, byte for byte, to the other. */
    const deliver = async (text: string, first: number): Promise<boolean> => {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const target = (first + attempt) % 2;
        try {
          const reply = await providers[target]!.send(text);
          if (reply.status === 200) return true;
        } catch (failure) {
          // Refused: the process is gone. Anything else: the request was in flight when it died.
          if (causeCode(failure) !== 'ECONNREFUSED') brokenInFlight += 1;
        }
        if (target === 0) failedOnVictim += 1;
      }
      return false;
    };
    const sender = async (): Promise<void> => {
      while (next < total) {
        const n = next;
        next += 1;
        const message = fresh(template);
        if (await deliver(JSON.stringify(message), n)) {
          accepted.add(message.id);
          if (accepted.size === killAfter) victim.process.kill('SIGKILL');
        } else unanswered += 1;
      }
    };

    // The payer polls both instances while the stream runs, and the survivor alone once the victim is gone.
    const deliveries = new Map<string, number>();
    /** Acknowledgements sent in a poll the killed process may or may not have applied. */
    const ackInDoubt = new Set<string>();
    const pendingAcks: string[] = [];
    let sending = true;
    const poller = async (start: number): Promise<void> => {
      let target = start;
      let acknowledge: string[] = [];
      while (sending) {
        try {
          const { result, messages } = await payers[target]!.poll({ count: 20, acknowledge });
          if (result.status !== 200) throw new Error(`poll answered ${result.status}`);
          for (const m of messages) deliveries.set(m.bundleId, (deliveries.get(m.bundleId) ?? 0) + 1);
          acknowledge = messages.map((m) => m.bundleId);
          if (messages.length === 0) await new Promise((r) => setTimeout(r, 20));
        } catch {
          for (const id of acknowledge) ackInDoubt.add(id);
          if (target === 0 && exited(victim.process)) target = 1;
        }
      }
      // Hand the last acknowledgements over to the drain.
      pendingAcks.push(...acknowledge);
    };
    const polling = Promise.all([poller(0), poller(1)]);
    await Promise.all(Array.from({ length: 6 }, sender));
    sending = false;
    await polling;

    // Drain through the survivor, until every leased-and-lost message has come back and the queue is empty.
    let acknowledge = pendingAcks.splice(0);
    const deadline = Date.now() + 8 * LEASE_MS;
    while (Date.now() < deadline) {
      const { result, messages } = await payers[1]!.poll({ count: 100, acknowledge, wait: 1 });
      expect(result.status).toBe(200);
      for (const m of messages) deliveries.set(m.bundleId, (deliveries.get(m.bundleId) ?? 0) + 1);
      acknowledge = messages.map((m) => m.bundleId);
      if (messages.length === 0 && (await reportedDepth(survivor.url, PAYER)) === 0) break;
    }

    const lost = [...accepted].filter((id) => !deliveries.has(id));
    const twice = [...deliveries].filter(([id, n]) => n > 1 && !ackInDoubt.has(id)).length;
    const redelivered = [...deliveries.values()].filter((n) => n > 1).length;
    console.log(
      `crash test (Redis, 2 instances): submitted ${next}, answered 200: ${accepted.size}, attempts failed on the killed instance (resent to the other): ${failedOnVictim} (${brokenInFlight} in flight at the kill), never answered: ${unanswered}, delivered: ${deliveries.size}, lost: ${lost.length}, handed out twice: ${twice} (+${redelivered - twice} whose acknowledgement died with the instance)`,
    );
    expect(exited(victim.process)).toBe(true);
    expect(failedOnVictim).toBeGreaterThan(0);
    expect(unanswered).toBe(0);
    expect(accepted.size).toBe(total);
    expect(lost).toEqual([]);
    expect(twice).toBe(0);
    // Resends of messages the killed process had recorded were recognised, not queued again: nothing unknown arrived.
    expect(deliveries.size).toBe(accepted.size);
    expect(await reportedDepth(survivor.url, PAYER)).toBe(0);

    // One chain for both instances survived the kill: it verifies, every message answered 200 has
    // its `accepted` entry and every `accepted` entry its record (the same Lua script wrote both).
    const store = await RedisStore.connect({ url: redis.url });
    try {
      const verifier = new ChainVerifier();
      const acceptedEntries = new Set<string>();
      let count = 0;
      for (let from = 1; ; ) {
        const page = await store.readLedger(from, 1000);
        for (const entry of page) {
          expect(verifier.next(entry)).toBeUndefined();
          if (entry.kind === 'accepted') acceptedEntries.add(JSON.parse(entry.body).bundleId as string);
          count += 1;
        }
        if (page.length < 1000) break;
        from += page.length;
      }
      expect((await store.ledgerHead()).seq).toBe(count);
      expect([...accepted].filter((id) => !acceptedEntries.has(id))).toEqual([]);
      expect(acceptedEntries.size).toBe(accepted.size);
      for (const bundleId of acceptedEntries) expect(await store.findExchangeByBundle(PROVIDER, bundleId)).toBeDefined();
      console.log(`crash test (Redis): one ledger of ${count} entries verifies, ${acceptedEntries.size} accepted entries, each with its record`);
    } finally {
      await store.close();
    }
  });
});
