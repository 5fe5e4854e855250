/**
 * Projection state in Redis, shared by every gateway instance (issue 15: "identical on every
 * instance"). Layout, under the hub's prefix:
 *   `<prefix>projection-cursors`            hash  name → last applied ledger seq
 *   `<prefix>projection:<name>:buckets`     zset  bucket names (all score 0, ranged BYLEX)
 *   `<prefix>projection:<name>:b:<bucket>`  hash  field → count
 * Names are `[a-z0-9-]` (checkProjectionName) and the bucket is the key's whole tail, so no
 * escaping is needed for two keys to stay distinct.
 *
 * `apply` is one Lua script (check the cursor, HINCRBY every counter, move the cursor): Redis
 * runs it alone, so two instances racing on one page cannot both count it. A script is not
 * rolled back if a command fails half-way, so every argument that could make HINCRBY fail
 * (a fraction, an unsafe integer) is refused in TypeScript before the call.
 */
import { StoreUnavailableError } from '../ports.js';
import { checkApply, checkProjectionName, type ApplyResult, type BucketRange, type CounterIncrements, type CounterRow, type ProjectionStore } from '../projection-port.js';
import { closeQuietly, connectWaslClient, createWaslClient, unavailable, type WaslRedisClient } from './connection.js';
import { LuaScript } from './lua-script.js';

/**
 * ARGV: cursors key, name, fromCursor, toCursor, buckets key, bucket key prefix, bucket count,
 * then per bucket: bucket, field count, and field/increment pairs.
 * Replies {1, toCursor} when applied, {0, storedCursor} when refused.
 */
const APPLY_SOURCE = `
local cursors, name = ARGV[1], ARGV[2]
local stored = tonumber(redis.call('HGET', cursors, name) or '0')
if stored ~= tonumber(ARGV[3]) then return {0, stored} end
local bucketsKey, bucketPrefix = ARGV[5], ARGV[6]
local i = 8
for _ = 1, tonumber(ARGV[7]) do
  local bucket, fieldCount = ARGV[i], tonumber(ARGV[i + 1])
  i = i + 2
  redis.call('ZADD', bucketsKey, 0, bucket)
  local key = bucketPrefix .. bucket
  for _ = 1, fieldCount do
    redis.call('HINCRBY', key, ARGV[i], ARGV[i + 1])
    i = i + 2
  end
end
redis.call('HSET', cursors, name, ARGV[4])
return {1, tonumber(ARGV[4])}
`;
const applyScript = new LuaScript(APPLY_SOURCE);

export class RedisProjectionStore implements ProjectionStore {
  readonly #client: WaslRedisClient;
  readonly #prefix: string;
  readonly #ownsClient: boolean;
  #closed = false;

  private constructor(client: WaslRedisClient, prefix: string, ownsClient: boolean) {
    this.#client = client;
    this.#prefix = prefix;
    this.#ownsClient = ownsClient;
  }

  /**
   * Its own connection: a report's counter reads then never queue behind the accept path's
   * commands on the store's connection.
   */
  static async connect(options: { readonly url: string; readonly prefix: string; readonly commandTimeoutMs?: number }): Promise<RedisProjectionStore> {
    const { url, commandTimeoutMs } = options;
    const client = createWaslClient(commandTimeoutMs === undefined ? { url } : { url, commandTimeoutMs });
    await connectWaslClient(client);
    return new RedisProjectionStore(client, options.prefix, true);
  }

  /** Over a connection someone else owns and closes (a one-off command already connected). */
  static over(client: WaslRedisClient, prefix: string): RedisProjectionStore {
    return new RedisProjectionStore(client, prefix, false);
  }

  async cursor(name: string): Promise<number> {
    checkProjectionName(name);
    return this.#call(async () => Number((await this.#client.hGet(this.#cursorsKey, name)) ?? 0));
  }

  async apply(name: string, fromCursor: number, toCursor: number, increments: CounterIncrements): Promise<ApplyResult> {
    checkApply(name, fromCursor, toCursor, increments);
    const args = [this.#cursorsKey, name, String(fromCursor), String(toCursor), this.#bucketsKey(name), this.#bucketPrefix(name), String(increments.size)];
    for (const [bucket, fields] of increments) {
      const pairs: string[] = [];
      for (const [field, by] of fields) if (by !== 0) pairs.push(field, String(by));
      args.push(bucket, String(pairs.length / 2), ...pairs);
    }
    const [applied, cursor] = (await this.#call(() => applyScript.run(this.#client, args))) as [number, number];
    return { applied: applied === 1, cursor };
  }

  async counters(name: string, range: BucketRange): Promise<CounterRow[]> {
    checkProjectionName(name);
    return this.#call(async () => {
      const buckets = await this.#client.zRange(this.#bucketsKey(name), `[${range.from}`, `[${range.to}`, { BY: 'LEX' });
      // Issued together: node-redis pipelines commands sent in the same tick.
      const hashes = await Promise.all(buckets.map((bucket) => this.#client.hGetAll(this.#bucketPrefix(name) + bucket)));
      const rows: CounterRow[] = [];
      buckets.forEach((bucket, index) => {
        const fields = Object.entries(hashes[index] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        for (const [field, count] of fields) rows.push({ bucket, field, count: Number(count) });
      });
      return rows;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsClient) await closeQuietly(this.#client);
  }

  get #cursorsKey(): string {
    return `${this.#prefix}projection-cursors`;
  }

  #bucketsKey(name: string): string {
    return `${this.#prefix}projection:${name}:buckets`;
  }

  #bucketPrefix(name: string): string {
    return `${this.#prefix}projection:${name}:b:`;
  }

  async #call<T>(action: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError(new Error('projection store closed'));
    try {
      return await action();
    } catch (cause) {
      throw unavailable(cause);
    }
  }
}
