/**
 * Replay protection for client assertions: a `jti` may be used once until its assertion
 * expires (SMART Backend Services). Only assertions whose signature already verified reach
 * the cache, and each entry lives at most the assertion lifetime (5 minutes), so its size is
 * bounded by the legitimate token request rate.
 *
 * The memory implementation only protects one process; the gateway uses `StoreJtiGuard`, which
 * claims jtis in the shared store (Redis `SET key 1 NX PXAT <expiry>` when scaled out), so an
 * assertion replayed to another instance is refused there too.
 */
import type { OnceKeys } from '../store/ports.js';

export interface JtiReplayGuard {
  /** Records `key` until `expiresAtMs`; false when it is already recorded and not yet expired. */
  claim(key: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
}

const SWEEP_INTERVAL_MS = 30_000;

export class MemoryJtiCache implements JtiReplayGuard {
  readonly #expiry = new Map<string, number>();
  #nextSweepAt = 0;

  claim(key: string, expiresAtMs: number, nowMs: number): boolean {
    if (nowMs >= this.#nextSweepAt) this.#sweep(nowMs);
    const until = this.#expiry.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.#expiry.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.#expiry.size;
  }

  /** Amortised clean-up: one pass every 30 s instead of a timer that would keep the process alive. */
  #sweep(nowMs: number): void {
    for (const [key, until] of this.#expiry) if (until <= nowMs) this.#expiry.delete(key);
    this.#nextSweepAt = nowMs + SWEEP_INTERVAL_MS;
  }
}

/**
 * Replay protection shared by every gateway instance: the jti is claimed in the store (LMDB for
 * one process, Redis for many), so an assertion replayed to another instance is refused there.
 */
export class StoreJtiGuard implements JtiReplayGuard {
  constructor(private readonly keys: OnceKeys) {}

  claim(key: string, expiresAtMs: number): Promise<boolean> {
    return this.keys.claimOnce(`jti\u0000${key}`, expiresAtMs);
  }
}
