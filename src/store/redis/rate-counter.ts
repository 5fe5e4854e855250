/**
 * The rate counter over Redis: every gateway instance counts against the same key, so a
 * participant's budget is one budget however many instances it reaches. One round trip per hit
 * and no AOF write: a Lua script increments the window's counter, starts its expiry on the first
 * hit (Redis owns the clock, so instances with drifting clocks still agree on the window) and
 * returns the count with the time left.
 */
import type { WaslRedisClient } from './connection.js';
import { unavailable } from './connection.js';
import { LuaScript } from './lua-script.js';
import type { RateCounter, RateWindow } from '../rate-counter.js';

/**
 * ARGV: key, window in ms. Returns { count, ms until the window ends }.
 *
 * `set_repl(REPL_NONE)`: the counter's writes go neither to the AOF nor to replicas. Under
 * `appendfsync always` every replicated write waits for an fsync before its reply; a rate counter
 * is not worth one per request, and losing the current minute's counts in a restart or failover
 * only gives every participant a fresh window.
 */
const HIT = new LuaScript(`
redis.set_repl(redis.REPL_NONE)
local count = redis.call('INCR', ARGV[1])
local ttl = -1
if count > 1 then ttl = redis.call('PTTL', ARGV[1]) end
if ttl < 0 then
  redis.call('PEXPIRE', ARGV[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return { count, ttl }
`);

export class RedisRateCounter implements RateCounter {
  readonly #client: WaslRedisClient;
  readonly #prefix: string;
  readonly #now: () => number;

  /** `prefix` is the store's key prefix; counters live under `<prefix>rl:`. */
  constructor(client: WaslRedisClient, prefix: string, options: { now?: () => number } = {}) {
    this.#client = client;
    this.#prefix = `${prefix}rl:`;
    this.#now = options.now ?? Date.now;
  }

  async hit(key: string, windowMs: number): Promise<RateWindow> {
    let reply: unknown;
    try {
      reply = await HIT.run(this.#client, [this.#prefix + encodeURIComponent(key), String(Math.max(1, Math.round(windowMs)))]);
    } catch (cause) {
      throw unavailable(cause);
    }
    const [count, ttl] = reply as [number, number];
    return { count: Number(count), resetAt: this.#now() + Number(ttl) };
  }
}
