/**
 * Feeds the ledger to one projection, page by page, exactly once (issue 11, item 7).
 *
 * The projection's cursor lives in the ProjectionStore, never only here: each page is applied
 * with the cursor it was read from, and the store refuses a page whose cursor moved. So
 *   - a restart (or a crash between reading and applying) resumes from the stored cursor;
 *   - an apply whose reply was lost is refused when retried, and the reader adopts the cursor;
 *   - several instances following one Redis ledger share the work without counting twice
 *     (a refused page costs one wasted read, nothing more).
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { LedgerStore } from '../store/ports.js';
import type { ProjectionStore } from '../store/projection-port.js';
import type { Projection } from './projection.js';

export type LedgerSource = Pick<LedgerStore, 'ledgerHead' | 'readLedger'>;

/** The part of a pino logger the reader uses (the gateway passes `app.log`). */
export interface ReaderLog {
  error(details: object, message: string): void;
}

export interface LedgerReaderOptions {
  readonly ledger: LedgerSource;
  readonly projections: Pick<ProjectionStore, 'cursor' | 'apply'>;
  readonly projection: Projection;
  /** Entries per read and per atomic apply (default 1,000): bounds the time one page holds the event loop. */
  readonly pageSize?: number;
}

export interface PageResult {
  /** Entries read (0 when the projection is at the head). */
  readonly read: number;
  /** False when another reader applied this page first; the cursor moved on regardless. */
  readonly applied: boolean;
  readonly cursor: number;
}

export interface CatchUpResult {
  readonly cursor: number;
  /** Entries this reader applied (not those another instance applied meanwhile). */
  readonly applied: number;
}

export interface FollowOptions {
  readonly log: ReaderLog;
  /** Pause between polls of the head once caught up, and before retrying after a failure (default 1,000 ms). */
  readonly intervalMs?: number;
}

export interface Follower {
  /** Polls now instead of at the end of the current pause (e.g. on a queue signal). */
  wake(): void;
  /** Stops after the page in progress; resolves once the loop has ended. */
  stop(): Promise<void>;
}

export const DEFAULT_PAGE_SIZE = 1_000;
const DEFAULT_INTERVAL_MS = 1_000;

export class LedgerReader {
  readonly #ledger: LedgerSource;
  readonly #projections: Pick<ProjectionStore, 'cursor' | 'apply'>;
  readonly #projection: Projection;
  readonly #pageSize: number;
  /** The stored cursor as last seen; undefined until read, and again after any failure (the store is the truth). */
  #cursor: number | undefined;
  /** One page at a time per reader, whichever of catchUp and follow asks. */
  #turn: Promise<unknown> = Promise.resolve();

  constructor(options: LedgerReaderOptions) {
    this.#ledger = options.ledger;
    this.#projections = options.projections;
    this.#projection = options.projection;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isSafeInteger(this.#pageSize) || this.#pageSize < 1) throw new RangeError(`pageSize must be a positive integer, not ${options.pageSize}`);
  }

  /** Reads and applies the next page after the stored cursor. */
  async step(): Promise<PageResult> {
    return this.#exclusive(() => this.#step());
  }

  /** Applies pages until the ledger head seen at the start is reached, yielding to the event loop between pages. */
  async catchUp(): Promise<CatchUpResult> {
    return this.#catchUp(() => false);
  }

  /** `stopped` is asked between pages, so a follower stops without waiting for a long backlog. */
  async #catchUp(stopped: () => boolean): Promise<CatchUpResult> {
    const head = await this.#ledger.ledgerHead();
    let applied = 0;
    for (;;) {
      const page = await this.step();
      if (page.applied) applied += page.read;
      if (page.read === 0 || page.cursor >= head.seq || stopped()) return { cursor: page.cursor, applied };
      await yieldToLoop();
    }
  }

  /** Catches up, then polls the head every `intervalMs` until stopped; failures are logged and retried, never thrown. */
  follow(options: FollowOptions): Follower {
    const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    let stopped = false;
    // A wake that arrives while a catch-up runs is kept, so the next pause ends at once.
    let woken = false;
    let endPause: (() => void) | undefined;
    const pause = (): Promise<void> => {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        // Unref'd: a follower never keeps a process alive by itself; its owner stops it on close.
        const timer = setTimeout(() => end(), intervalMs).unref();
        const end = (): void => {
          clearTimeout(timer);
          endPause = undefined;
          resolve();
        };
        endPause = end;
      });
    };
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.#catchUp(() => stopped);
        } catch (err) {
          options.log.error({ err, projection: this.#projection.name }, 'ledger projection failed; retrying');
        }
        if (!stopped) await pause();
      }
    })();
    const wake = (): void => {
      if (endPause) endPause();
      else woken = true;
    };
    return {
      wake,
      stop: async () => {
        stopped = true;
        wake();
        await loop;
      },
    };
  }

  async #step(): Promise<PageResult> {
    try {
      const cursor = this.#cursor ?? (await this.#projections.cursor(this.#projection.name));
      const entries = await this.#ledger.readLedger(cursor + 1, this.#pageSize);
      const last = entries.at(-1);
      if (!last) {
        this.#cursor = cursor;
        return { read: 0, applied: false, cursor };
      }
      const result = await this.#projections.apply(this.#projection.name, cursor, last.seq, this.#projection.fold(entries));
      this.#cursor = result.cursor;
      return { read: entries.length, applied: result.applied, cursor: result.cursor };
    } catch (cause) {
      // The apply may have committed before its reply was lost: read the cursor again next time.
      this.#cursor = undefined;
      throw cause;
    }
  }

  #exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.#turn.then(action, action);
    this.#turn = run.catch(() => undefined);
    return run;
  }
}
