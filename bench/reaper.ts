/**
 * The last line of clean-up: a tiny detached shell that waits for the bench process to die and
 * then stops what it left (the redis-server) and removes its temporary directories.
 *
 * Needed because the bench's own clean-up does not always get to run. `npm run bench` runs under
 * tsx, whose wrapper answers Ctrl-C by re-sending the signal to the bench and SIGKILLing it if it
 * has not acknowledged within ~60 ms, which a bench busy with autocannon and payers on a loaded
 * box often misses. The gateway children stop by themselves (IPC disconnect); Redis, started in
 * its own process group, and the directories would be left behind without this.
 *
 * After a normal clean-up the bench dismisses the reaper, so it never signals a recycled pid.
 */
import { spawn } from 'node:child_process';

const SCRIPT = [
  'watched=$1; shift; victim=$1; shift',
  'while kill -0 "$watched" 2>/dev/null; do sleep 0.5; done',
  'if [ "$victim" != 0 ]; then kill -TERM "$victim" 2>/dev/null; sleep 2; kill -KILL "$victim" 2>/dev/null; fi',
  'rm -rf -- "$@"',
].join('\n');

export interface Reaper {
  /** Everything was cleaned up normally: the reaper exits without doing anything. */
  dismiss(): void;
}

/** Watches this process; once it is gone, terminates `pid` (if given) and removes `dirs`. */
export function startReaper(options: { pid?: number; dirs: readonly string[] }): Reaper {
  const child = spawn('sh', ['-c', SCRIPT, 'wasl-bench-reaper', String(process.pid), String(options.pid ?? 0), ...options.dirs], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return {
    dismiss() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
