/**
 * A Lua script run by its SHA-1 (EVALSHA), sent in full only when the server does not know it
 * yet: after a restart or a failover the script cache is empty, and NOSCRIPT says so.
 */
import { createHash } from 'node:crypto';
import { ErrorReply } from 'redis';
import type { WaslRedisClient } from './connection.js';

export class LuaScript {
  readonly #source: string;
  readonly #sha1: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(client: WaslRedisClient, args: readonly string[]): Promise<unknown> {
    const options = { keys: [], arguments: [...args] };
    try {
      return await client.evalSha(this.#sha1, options);
    } catch (cause) {
      if (!(cause instanceof ErrorReply) || !cause.message.startsWith('NOSCRIPT')) throw cause;
      return client.eval(this.#source, options);
    }
  }
}
