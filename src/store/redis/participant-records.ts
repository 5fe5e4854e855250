/**
 * The participant registry in Redis (store/participant-store.ts), shared by every instance:
 * `<prefix>participants` a hash licence → validated JSON, `<prefix>participants-version` the
 * change counter. Each change is one Lua script that checks its condition, writes the record,
 * bumps the counter and appends the `participant` ledger entry (ledger-lua.ts), so the record
 * and its entry are never apart and a refused change writes nothing.
 */
import { changeEntry } from '../ledger-facts.js';
import type { ParticipantCondition, ParticipantSnapshot, ParticipantWriteResult, StoredParticipant } from '../participant-store.js';
import type { WaslRedisClient } from './connection.js';
import type { RedisKeys } from './keys.js';
import { LEDGER_LUA } from './ledger-lua.js';
import { LuaScript } from './lua-script.js';

const PARTICIPANT_SCRIPT = `${LEDGER_LUA}
local now, records, version_key = ARGV[1], ARGV[4], ARGV[5]
LEDGER_KEY, LEDGER_HEAD = ARGV[2], ARGV[3]
local op = ARGV[6]

if op == 'put' then
  local licence, json, condition, expected, body, digest = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
  local current = redis.call('HGET', records, licence)
  if condition == 'absent' and current then return { 'exists', current } end
  if condition == 'unchanged' then
    if not current then return { 'missing' } end
    if current ~= expected then return { 'changed', current } end
  end
  redis.call('HSET', records, licence, json)
  ledger_append(now, 'participant', '', body, digest)
  local version = redis.call('INCR', version_key)
  return { 'ok', version, tonumber(redis.call('HGET', LEDGER_HEAD, 'seq')) }
end

if op == 'seed' then
  -- Two instances starting at once on an empty store: the first script imports, the second finds it done.
  if redis.call('EXISTS', version_key) == 1 or redis.call('HLEN', records) > 0 then return 0 end
  local n = tonumber(ARGV[7])
  for i = 0, n - 1 do
    local at = 8 + i * 4
    redis.call('HSET', records, ARGV[at], ARGV[at + 1])
    ledger_append(now, 'participant', '', ARGV[at + 2], ARGV[at + 3])
  end
  if n > 0 then redis.call('INCRBY', version_key, n) end
  return n
end

return redis.error_reply('unknown participant operation ' .. tostring(op))
`;

const script = new LuaScript(PARTICIPANT_SCRIPT);

type PutReply = ['ok', number, number] | ['exists' | 'changed', string] | ['missing'];

export interface RedisParticipantRecordsDeps {
  readonly client: WaslRedisClient;
  readonly keys: RedisKeys;
  readonly now: () => number;
  /** The store's error mapping (closed store, Redis away → StoreUnavailableError). */
  readonly call: <T>(action: () => Promise<T>) => Promise<T>;
}

export class RedisParticipantRecords {
  readonly #deps: RedisParticipantRecordsDeps;

  constructor(deps: RedisParticipantRecordsDeps) {
    this.#deps = deps;
  }

  async read(): Promise<ParticipantSnapshot> {
    const { client, keys, call } = this.#deps;
    return call(async () => {
      // One MULTI: the counter and the records from the same moment.
      const [version, all] = (await client.multi().get(keys.participantsVersion).hGetAll(keys.participants).exec()) as unknown as [string | null, Record<string, string>];
      return { version: Number(version ?? 0), participants: Object.entries(all).map(([licence, json]) => ({ licence, json })) };
    });
  }

  async version(): Promise<number> {
    const { client, keys, call } = this.#deps;
    return call(async () => Number((await client.get(keys.participantsVersion)) ?? 0));
  }

  async put(record: StoredParticipant, condition: ParticipantCondition, detail: string): Promise<ParticipantWriteResult> {
    const { facts } = changeEntry('participant', { subject: record.licence, detail });
    const expected = condition.when === 'unchanged' ? condition.json : '';
    const reply = (await this.#run(['put', record.licence, record.json, condition.when, expected, facts.body, facts.digest])) as PutReply;
    if (reply[0] === 'ok') return { ok: true, version: reply[1], ledgerSeq: reply[2] };
    if (reply[0] === 'missing') return { ok: false, reason: 'missing' };
    return { ok: false, reason: reply[0], current: reply[1] };
  }

  async seed(records: readonly StoredParticipant[], detail: string): Promise<number> {
    const args = records.flatMap((record) => {
      const { facts } = changeEntry('participant', { subject: record.licence, detail });
      return [record.licence, record.json, facts.body, facts.digest];
    });
    return (await this.#run(['seed', String(records.length), ...args])) as number;
  }

  #run(args: readonly string[]): Promise<unknown> {
    const { client, keys, now, call } = this.#deps;
    return call(() => script.run(client, [String(now()), keys.ledger, keys.ledgerHead, keys.participants, keys.participantsVersion, ...args]));
  }
}
