/**
 * Validation off the main thread, for large messages (issue 9, hardening: "a per-message budget, or
 * validation in a worker pool so /healthz, polls and other participants keep moving"). A message near
 * the 10 MB body limit costs up to ~0.7 s of synchronous validation; sent here, the event loop keeps
 * serving while a worker validates it. Normal messages (5–20 KB, ~0.2 ms) stay on the main thread:
 * the round trip costs more than their validation (bench/validation-pool.ts).
 *
 * Each worker (validation-worker.ts) compiles the same pipeline as the main thread, from the same
 * options, once at its start; workers start on the first job, so a gateway that never sees a large
 * message never pays their compile. Each worker takes one job at a time from the pool's queue. A
 * worker that dies (crash, `process.exit`, out of memory) fails the job it held and is replaced; one
 * that dies before it is ready fails the queued jobs (they would all meet the same broken start).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Finding } from '../findings/finding.js';
import type { ValidationOptions } from './build.js';

/** The options a worker compiles its pipeline from: those of `buildValidation`, less the clock (a function does not cross threads). */
export type WorkerValidationOptions = Omit<ValidationOptions, 'now'>;

export interface ValidationPool {
  /** The findings `validator.validate(envelope, event)` gives for this message text, computed off the main thread. */
  validate(raw: string, eventCode: string): Promise<readonly Finding[]>;
  /**
   * Starts every worker now and resolves once each is ready or has failed to start (a compile
   * takes 1-4 s): the gateway awaits it at start, so the first large message does not wait for a
   * compile. Without it, workers start on demand.
   */
  warm(): Promise<void>;
  /** Terminates the workers; queued and running jobs are rejected (`closed`). */
  close(): Promise<void>;
}

export interface ValidationPoolOptions {
  /** Workers at most (each compiles its own pipeline: ~1–2 s and some tens of MB). */
  readonly size: number;
  readonly build: WorkerValidationOptions;
  /** How long a worker may take to compile before the jobs waiting for it fail (default 60 s). */
  readonly startTimeoutMs?: number;
  /** Heap limits of each worker: a message that exhausts them fails alone, the gateway's heap is spared. */
  readonly resourceLimits?: ResourceLimits;
  /** The worker script; default validation-worker (.js when built, .ts under tsx or vitest). Tests give others. */
  readonly entry?: URL;
}

export type ValidationPoolFailure = 'crashed' | 'start-failed' | 'start-timeout' | 'closed' | 'failed';

/** A job the pool could not complete; `reason` says why (the message itself may be fine). */
export class ValidationPoolError extends Error {
  readonly code = 'WASL_ERR_VALIDATION_WORKER';
  constructor(readonly reason: ValidationPoolFailure, message: string) {
    super(message);
    this.name = 'ValidationPoolError';
  }
}

/** Main thread → worker: one message to validate. */
export interface PoolJob {
  readonly id: number;
  readonly raw: string;
  readonly eventCode: string;
}

/** Worker → main thread. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'findings'; readonly id: number; readonly findings: Finding[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export interface WorkerData {
  readonly build: WorkerValidationOptions;
}

interface PendingJob extends PoolJob {
  resolve(findings: readonly Finding[]): void;
  reject(error: ValidationPoolError): void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job: PendingJob | undefined;
  startTimer: NodeJS.Timeout | undefined;
  /** Set once the pool has dealt with this worker's end (error, exit, timeout or close). */
  gone: boolean;
  /** Resolves when the worker is ready or ended before that (what `warm` waits for). */
  readonly started: Promise<void>;
  markStarted(): void;
  lastError: Error | undefined;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;

export function createValidationPool(options: ValidationPoolOptions): ValidationPool {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`a validation pool needs at least one worker, got ${options.size}`);
  const entry = options.entry ?? workerEntry();
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const slots = new Set<Slot>();
  const queue: PendingJob[] = [];
  let nextId = 1;
  let closed = false;

  const idleSlot = (): Slot | undefined => {
    for (const slot of slots) if (slot.ready && !slot.job) return slot;
    return undefined;
  };

  /** Hands queued jobs to ready idle workers, then starts workers for what is left, up to `size`. */
  const dispatch = (): void => {
    for (let slot = idleSlot(); slot && queue.length > 0; slot = idleSlot()) {
      const job = queue.shift() as PendingJob;
      slot.job = job;
      // Held jobs keep the process alive; an idle worker does not.
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, raw: job.raw, eventCode: job.eventCode } satisfies PoolJob);
    }
    let starting = 0;
    for (const slot of slots) if (!slot.ready) starting += 1;
    while (queue.length > starting && slots.size < options.size) {
      start();
      starting += 1;
    }
  };

  const start = (): void => {
    const worker = spawn(entry, { build: options.build }, options.resourceLimits);
    let markStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const slot: Slot = { worker, ready: false, job: undefined, startTimer: undefined, gone: false, lastError: undefined, started, markStarted };
    slots.add(slot);
    slot.startTimer = setTimeout(() => {
      failStart(slot, new ValidationPoolError('start-timeout', `a validation worker did not compile within ${startTimeoutMs} ms`));
      void worker.terminate();
    }, startTimeoutMs);
    slot.startTimer.unref();
    worker.on('message', (reply: WorkerReply) => onReply(slot, reply));
    worker.on('error', (err) => {
      slot.lastError = err;
    });
    worker.on('exit', (code) => onExit(slot, code));
  };

  const onReply = (slot: Slot, reply: WorkerReply): void => {
    if (slot.gone) return;
    if (reply.type === 'ready') {
      slot.ready = true;
      slot.markStarted();
      clearTimeout(slot.startTimer);
      slot.worker.unref();
      dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    slot.job = undefined;
    slot.worker.unref();
    if (reply.type === 'findings') job.resolve(reply.findings);
    else job.reject(new ValidationPoolError('failed', `validation failed in the worker: ${reply.message}`));
    dispatch();
  };

  /**
   * A worker that ends before it is ready. With no ready worker left, every queued job would meet the
   * same start, so they fail now (retrying would loop on a broken data folder); otherwise they wait.
   */
  const failStart = (slot: Slot, error: ValidationPoolError): void => {
    if (slot.gone) return;
    slot.gone = true;
    slots.delete(slot);
    clearTimeout(slot.startTimer);
    slot.markStarted();
    for (const other of slots) if (other.ready) return;
    for (const job of queue.splice(0)) job.reject(error);
  };

  const onExit = (slot: Slot, code: number): void => {
    if (slot.gone) return;
    const cause = slot.lastError ? `${slot.lastError.message}` : `exit code ${code}`;
    if (!slot.ready) {
      failStart(slot, new ValidationPoolError('start-failed', `a validation worker stopped while compiling (${cause})`));
      return;
    }
    slot.gone = true;
    slots.delete(slot);
    slot.job?.reject(new ValidationPoolError('crashed', `the validation worker stopped during the job (${cause})`));
    // Its replacement starts if jobs are waiting.
    if (!closed) dispatch();
  };

  return {
    validate(raw, eventCode) {
      if (closed) return Promise.reject(new ValidationPoolError('closed', 'the validation pool is closed'));
      return new Promise<readonly Finding[]>((resolve, reject) => {
        queue.push({ id: nextId++, raw, eventCode, resolve, reject });
        dispatch();
      });
    },
    async warm() {
      while (!closed && slots.size < options.size) start();
      await Promise.all([...slots].map((slot) => slot.started));
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new ValidationPoolError('closed', 'the validation pool was closed before the job ended');
      for (const job of queue.splice(0)) job.reject(error);
      const stopping: Promise<number>[] = [];
      for (const slot of slots) {
        slot.gone = true;
        slot.markStarted();
        clearTimeout(slot.startTimer);
        slot.job?.reject(error);
        slot.job = undefined;
        stopping.push(slot.worker.terminate());
      }
      slots.clear();
      await Promise.all(stopping);
    },
  };
}

/**
 * The worker script beside this module: validation-worker.js when built (`npm run build`, dist/),
 * else validation-worker.ts, run from source under `node --import tsx` or inside vitest.
 */
export function workerEntry(): URL {
  const built = new URL('./validation-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL('./validation-worker.ts', import.meta.url);
}

/**
 * A worker for `entry`. A `.ts` entry needs tsx's loader in the worker, and on Node 20 `execArgv:
 * ['--import', 'tsx']` does not give it one (the hooks are not in place for the entry module; tried,
 * "Unknown file extension .ts"), nor does inheriting `node --import tsx`; vitest's forks carry no tsx
 * at all. So a `.ts` entry is started from a two-line bootstrap that registers tsx's ESM hooks in the
 * worker, then imports the entry. A `.js` entry (dist) starts as it is.
 */
function spawn(entry: URL, data: WorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  const common = { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) };
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, common);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...common, eval: true });
}
