/**
 * The servers under load, each in its own child process (bench/server-process.ts), so the load
 * generator and the reference payers in this process do not share an event loop with them, and
 * each target's CPU time can be read on its own. The child dies with its parent (IPC disconnect).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type TargetName = 'echo' | 'echo-raw' | 'gateway';

export interface QueueDepth {
  readonly licence: string;
  readonly depth: number;
  readonly available: number;
}

export interface ProcessUsage {
  /** user + system CPU time of the server process, microseconds. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** The JavaScript heap in use (what a leak would grow; RSS also counts LMDB's mapped file pages). */
  readonly heapBytes?: number;
  /** Peak resident set size of the process since it started. */
  readonly peakRssBytes: number;
}

/** Parent → child. */
export type Command = { id: number; type: 'usage' } | { id: number; type: 'queues'; licences: string[] } | { id: number; type: 'stop' };
type CommandBody = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;
/** Child → parent. */
export type Reply =
  | { type: 'ready'; url: string; gatewayLicence?: string }
  | { type: 'failed'; message: string }
  | { id: number; type: 'usage'; usage: ProcessUsage }
  | { id: number; type: 'queues'; queues: QueueDepth[] }
  | { id: number; type: 'stopped' };

export interface TargetEnv {
  readonly dataDir?: string;
  readonly syncWindowMs?: number;
  /** Scale-out: the gateway keeps its state in this Redis instead of LMDB. */
  readonly redisUrl?: string;
  /** Scale-out: the public URL every instance shares (token audience); default its own address. */
  readonly publicUrl?: string;
  /** Worker processes of the gateway (a cluster behind one port); default 1. */
  readonly workers?: number;
}

export interface Target {
  readonly name: TargetName;
  readonly pid: number;
  readonly url: string;
  /** The gateway's own licence: the sender of the answers it makes itself. */
  readonly gatewayLicence: string;
  usage(): Promise<ProcessUsage>;
  queues(licences: string[]): Promise<QueueDepth[]>;
  stop(): Promise<void>;
}

/**
 * Node flags for a bench child: the parent's, so a parent running under tsx gives its children
 * TypeScript too; tsx added when the parent registered it in-process (the built `wasl bench`).
 */
export function childExecArgv(): string[] {
  const flags = [...process.execArgv, '--disable-warning=FSTDEP023'];
  return flags.some((flag) => flag.includes('tsx')) ? flags : ['--import', 'tsx', ...flags];
}

/**
 * `WASL_BENCH_CPU_PROF=DIR` writes a V8 CPU profile of each server process into DIR when it stops, so the
 * cost per stage can be read off the very run whose figures the table shows (open it in Chrome DevTools).
 */
function profileFlags(name: TargetName): string[] {
  const dir = process.env.WASL_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-\${pid}.cpuprofile`] : [];
}

const SERVER_PROCESS = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export async function startTarget(name: TargetName, env: TargetEnv = {}): Promise<Target> {
  const child = fork(SERVER_PROCESS, [name], {
    // The parent runs under tsx; its loader flags let the child run TypeScript too.
    execArgv: [...childExecArgv(), ...profileFlags(name)],
    env: {
      ...process.env,
      ...(env.dataDir ? { WASL_BENCH_DATA_DIR: env.dataDir } : {}),
      ...(env.syncWindowMs !== undefined ? { WASL_BENCH_SYNC_WINDOW_MS: String(env.syncWindowMs) } : {}),
      ...(env.redisUrl ? { WASL_BENCH_REDIS_URL: env.redisUrl } : {}),
      ...(env.publicUrl ? { WASL_BENCH_PUBLIC_URL: env.publicUrl } : {}),
      ...(env.workers !== undefined ? { WASL_BENCH_WORKERS: String(env.workers) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await waitReady(child, name);
  let nextId = 1;
  const waiting = new Map<number, (reply: Reply) => void>();
  child.on('message', (reply: Reply) => {
    if ('id' in reply) {
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const call = (command: CommandBody): Promise<Reply> =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null || !child.connected) return reject(new Error(`${name} server process has exited`));
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ ...command, id });
    });

  return {
    name,
    pid: child.pid!,
    url: ready.url,
    gatewayLicence: ready.gatewayLicence ?? 'NPHIES',
    async usage() {
      const reply = await call({ type: 'usage' });
      if (reply.type !== 'usage') throw new Error(`unexpected reply ${reply.type}`);
      return reply.usage;
    },
    async queues(licences) {
      const reply = await call({ type: 'queues', licences });
      if (reply.type !== 'queues') throw new Error(`unexpected reply ${reply.type}`);
      return reply.queues;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        await Promise.race([call({ type: 'stop' }).catch(() => undefined), exited]);
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function waitReady(child: ChildProcess, name: TargetName): Promise<{ url: string; gatewayLicence?: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} server did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} server process exited before it was ready (code ${code})`));
    };
    child.once('exit', onExit);
    child.on('message', function onMessage(reply: Reply) {
      if (reply.type !== 'ready' && reply.type !== 'failed') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
      if (reply.type === 'failed') reject(new Error(`${name} server failed to start: ${reply.message}`));
      else resolve({ url: reply.url, ...(reply.gatewayLicence ? { gatewayLicence: reply.gatewayLicence } : {}) });
    });
  });
}
