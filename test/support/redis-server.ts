/**
 * A real `redis-server` for tests: its own free port and temporary directory, AOF on with an
 * fsync per write (what the scaled-out gateway runs with, SPEC section 10), RDB snapshots off so
 * the AOF alone carries the data across `restart()`. Never the machine's shared Redis.
 *
 * Children are killed when the test process exits, so a failed or interrupted test leaves no
 * server behind; `stop()` also removes the directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const REDIS_SERVER = process.env.WASL_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';
const STARTUP_LIMIT_MS = 10_000;

export interface TestRedisServer {
  readonly url: string;
  readonly port: number;
  /** Terminates the server for good and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server (if running) and starts it again on the same port and directory: data comes back from the AOF. */
  restart(): Promise<void>;
  /** SIGKILL: the server dies at once, as in a crash; `restart()` brings it back. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'wasl-redis-'));
  let child: ChildProcess | undefined;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const started = spawn(REDIS_SERVER, redisServerArgs(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    started.stdout?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    running.add(started);
    started.once('exit', () => running.delete(started));
    child = started;
    try {
      await untilPong(port, started);
    } catch (cause) {
      await halt('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${log}`, { cause });
    }
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(signal);
    await exited;
  };

  try {
    await launch();
  } catch (cause) {
    rmSync(dir, { recursive: true, force: true });
    throw cause;
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await halt('SIGKILL');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      if (stopped) throw new Error('redis-server was stopped for good');
      await halt('SIGTERM');
      await launch();
    },
    async kill() {
      await halt('SIGKILL');
    },
  };
}

/**
 * The command line of a throwaway server (also the bench's, bench/redis-server.ts): loopback only, its
 * own directory, AOF with an fsync per write, no RDB snapshots, logging to stdout.
 */
export function redisServerArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', ''];
}

/**
 * Resolves once the server answers PING on a fresh connection (it also has to have loaded the AOF by
 * then); `spawnError` reports a server that could not be started at all.
 */
export async function untilPong(port: number, child: ChildProcess, spawnError: () => Error | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + STARTUP_LIMIT_MS;
  for (;;) {
    const failed = spawnError();
    if (failed) throw failed;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    if (await pingOnce(port)) return;
    if (Date.now() > deadline) throw new Error('no PONG in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // "-LOADING ..." while the AOF is replayed: not ready yet.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
