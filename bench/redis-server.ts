/**
 * The Redis of `--store redis`: a throwaway `redis-server` on a free loopback port, in its own
 * temporary directory, with AOF on, an fsync per write and no RDB snapshots (how the scaled-out
 * gateway is meant to run, SPEC section 10). Never the machine's shared Redis.
 *
 * It runs in its own process group (`detached`). Ctrl-C reaches the whole foreground group, and
 * Redis must outlive the gateway instances until the bench has stopped them: a Redis that quit
 * first would turn their last requests into 503s and noise. The bench stops it on every way out
 * (done, failure, SIGINT, SIGTERM); if the bench dies before it can (see reaper.ts), a reaper
 * stops the server and removes its directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { redisServerArgs, untilPong } from '../test/support/redis-server.js';
import { startReaper } from './reaper.js';

const REDIS_SERVER = process.env.WASL_BENCH_REDIS_SERVER ?? '/usr/bin/redis-server';
const STOP_LIMIT_MS = 10_000;

export class RedisStartError extends Error {
  readonly code = 'WASL_ERR_BENCH_REDIS_START';
}

export interface BenchRedis {
  readonly url: string;
  /** CPU time (user + system) the server has used so far, µs; undefined where /proc is not readable. */
  cpuMicros(): number | undefined;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startBenchRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wasl-bench-redis-'));
  const child = spawn(REDIS_SERVER, redisServerArgs(port, dir), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  const reaper = startReaper({ ...(child.pid !== undefined ? { pid: child.pid } : {}), dirs: [dir] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  // Kept for the error message only: the last few KB of what redis-server said.
  let said = '';
  const keep = (chunk: Buffer) => {
    said = (said + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
      reaper.dismiss();
    })());

  const url = `redis://127.0.0.1:${port}`;
  try {
    await untilPong(port, child, () => spawnError);
  } catch (cause) {
    await stop();
    throw new RedisStartError(`${REDIS_SERVER} did not start on port ${port}: ${cause instanceof Error ? cause.message : String(cause)}\n${said}`, { cause });
  }
  const ticks = clockTicksPerSecond();
  return {
    url,
    cpuMicros: () => (child.pid === undefined || ticks === undefined ? undefined : processCpuMicros(child.pid, ticks)),
    stop,
  };
}

function clockTicksPerSecond(): number | undefined {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name). */
function processCpuMicros(pid: number, ticksPerSecond: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks / ticksPerSecond) * 1e6 : undefined;
  } catch {
    return undefined;
  }
}
