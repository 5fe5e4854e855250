/**
 * The Lua scripts behind the Redis store. Each runs atomically inside Redis, which is what makes
 * one gateway write (record + queue entry, answer + acknowledgement + queue entry) all or
 * nothing, and what keeps two gateway instances from leasing the same message at once.
 *
 * Queue layout (one recipient `r`, its keys under `<prefix>q:<r>:`):
 *   s:<event>    a Stream per event, with the consumer group `gateway`. Entry ids are `<seq>-0`
 *                where `seq` comes from one hub-wide counter, so ids order entries of different
 *                events too: merging the event streams by id gives the recipient's FIFO order,
 *                and a poll that includes or excludes events reads only the streams it wants.
 *   events       hash event → stream key (which streams exist)
 *   index        hash Bundle.id → entry ref (`<id> <stream key>`): acknowledgements by Bundle id
 *   s:<event>:r  sorted set of entry refs by seq: entries of that stream whose lease expired and
 *                was taken back, available again (see LEASE_SCRIPT)
 *   leases       sorted set of entry refs by lease end (ms): leased entries, current or expired
 *                but not yet taken back
 *   redelivered  set of entry refs handed out more than once
 *   depth        counter of queued entries, changed in the same script as the stream
 *   dead         hash Bundle.id → dead letter JSON (entry fields, deliveries, deadLetteredAt,
 *                stream key): taken out of the live queue by a lease past maxDeliveries
 *
 * A stream entry keeps, beside the message, its ledger facts (`lbody`, `ldigest`) and the
 * gateway's signature (`sig`, `kid`): each delivery, acknowledgement or dead-lettering appends a
 * ledger entry in the same script (see ledger-lua.ts).
 *
 * A lease reads never-delivered entries with XREADGROUP (`>`) and takes back expired ones with
 * XCLAIM, so the group's pending list counts deliveries. Nothing a lease or the stats read grows
 * with the depth of the queue (issue 12): new entries are read from the group's last-delivered id,
 * expired leases are first moved, all of them, from `leases` to their stream's `s:<event>:r` (each
 * lease is moved once: amortised O(1) per lease, and queues written before this layout need no
 * migration), where the oldest by seq are a range read; the stats are counters and O(log n) counts. Lease ends are kept by the gateway
 * (not derived from the pending list's idle times) because each poll may ask for its own lease
 * length. Keys are built by concatenation here, so these scripts need a standalone Redis (or one
 * behind Sentinel), not Cluster.
 */

import { LEDGER_LUA } from './ledger-lua.js';

const SHARED = `${LEDGER_LUA}
local GROUP = 'gateway'
local CONSUMER = 'gateway'

local function split_ref(ref)
  local space = string.find(ref, ' ', 1, true)
  return string.sub(ref, 1, space - 1), string.sub(ref, space + 1)
end

local function seq_of(id)
  return tonumber(string.match(id, '^(%d+)'))
end

local function field(fields, name)
  for j = 1, #fields, 2 do
    if fields[j] == name then return fields[j + 1] end
  end
  return nil
end

-- Removes one entry (ref '<id> <stream>') of a recipient's queue and counts it out of the depth;
-- why ('acknowledged' or 'dead-lettered') is recorded in the ledger.
local function drop_entry(q, queues_key, recipient, ref, bundle, why, now)
  local id, stream = split_ref(ref)
  ledger_append_queued(now, why, '', stream, id)
  redis.call('XACK', stream, GROUP, id)
  redis.call('XDEL', stream, id)
  redis.call('ZREM', q .. 'leases', ref)
  redis.call('ZREM', stream .. ':r', ref)
  redis.call('SREM', q .. 'redelivered', ref)
  redis.call('HDEL', q .. 'index', bundle)
  if redis.call('DECR', q .. 'depth') <= 0 then
    redis.call('DEL', q .. 'depth')
    redis.call('SREM', queues_key, recipient)
  end
end

-- Moves one queue entry, fields and all, to the recipient's dead letters (with its ledger entry).
local function bury_entry(q, queues_key, recipient, dead_set, stream, id, ref, deliveries, now)
  local entry = redis.call('XRANGE', stream, id, id)[1]
  if not entry then return false end
  local f = entry[2]
  local bundle = field(f, 'bundleId')
  redis.call('HSET', q .. 'dead', bundle, cjson.encode({
    bundleId = bundle, sender = field(f, 'sender'), event = field(f, 'event'), enqueuedAt = field(f, 'enqueuedAt'),
    body = field(f, 'body'), deliveries = deliveries, deadLetteredAt = now, stream = stream,
    lbody = field(f, 'lbody') or '', ldigest = field(f, 'ldigest') or '', sig = field(f, 'sig') or '', kid = field(f, 'kid') or '' }))
  redis.call('SADD', dead_set, recipient)
  drop_entry(q, queues_key, recipient, ref, bundle, 'dead-lettered', now)
  return true
end

-- Appends a message to a recipient's queue; false (and nothing written) when it is already queued.
local function enqueue_entry(q, queues_key, seq_key, recipient, stream, event, bundle, sender, body, now, lbody, ldigest, sig, kid)
  if redis.call('HEXISTS', q .. 'index', bundle) == 1 then return false end
  local seq = redis.call('INCR', seq_key)
  if redis.call('EXISTS', stream) == 0 then
    redis.call('XGROUP', 'CREATE', stream, GROUP, '0', 'MKSTREAM')
  end
  local id = redis.call('XADD', stream, string.format('%d-0', seq),
    'bundleId', bundle, 'sender', sender, 'event', event, 'enqueuedAt', now, 'body', body,
    'lbody', lbody, 'ldigest', ldigest, 'sig', sig, 'kid', kid)
  redis.call('HSET', q .. 'events', event, stream)
  redis.call('HSET', q .. 'index', bundle, id .. ' ' .. stream)
  redis.call('INCR', q .. 'depth')
  redis.call('SADD', queues_key, recipient)
  return true
end
`;

/**
 * ARGV: now, seq key, queues key, ledger key, ledger head key, then operations:
 *   record   xkey bkey headerId recordJson state answerJson answeredAt nFocal focalKey...
 *   answered xkey answerJson first|any   (first: refuse when the request already has its addressee's answer)
 *   cancelled xkey cancellationJson
 *   ack      queuePrefix recipient bundleId
 *   enqueue  queuePrefix recipient streamKey event bundleId sender body ledgerBody ledgerDigest signature kid
 *   ledger   kind body digest   (appends a ledger entry whose facts the gateway encoded)
 *   archive  archiveKey receivedKey timesKey receivedAt json   (keeps the message's body, see MessageArchive;
 *            receivedKey '' when the addressee may not read it)
 *   zadd     key score member          (a risk history line, see store/risk-history.ts)
 *   hincr    key field amount          (a risk peer statistic, HINCRBYFLOAT)
 * Every `record` is checked for a reused id before anything is written.
 * Returns {'ok', acknowledged, ledger head seq}, {'duplicate', 'bundle' | 'header'} or {'answered'}.
 */
export const COMMIT_SCRIPT = `${SHARED}
local now = ARGV[1]
local seq_key = ARGV[2]
local queues_key = ARGV[3]
LEDGER_KEY, LEDGER_HEAD = ARGV[4], ARGV[5]

local ops = {}
local i = 6
while i <= #ARGV do
  local kind = ARGV[i]
  local op = { kind = kind }
  if kind == 'record' then
    op.xkey, op.bkey, op.header, op.json = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
    op.state, op.answer, op.answered_at = ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
    local n = tonumber(ARGV[i + 8])
    op.focal = {}
    for f = 1, n do op.focal[f] = ARGV[i + 8 + f] end
    i = i + 9 + n
  elseif kind == 'answered' then
    op.xkey, op.answer, op.first = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] == 'first'
    i = i + 4
  elseif kind == 'cancelled' then
    op.xkey, op.cancellation = ARGV[i + 1], ARGV[i + 2]
    i = i + 3
  elseif kind == 'ack' then
    op.q, op.recipient, op.bundle = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    i = i + 4
  elseif kind == 'enqueue' then
    op.q, op.recipient, op.stream, op.event = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
    op.bundle, op.sender, op.body = ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
    op.lbody, op.ldigest, op.sig, op.kid = ARGV[i + 8], ARGV[i + 9], ARGV[i + 10], ARGV[i + 11]
    i = i + 12
  elseif kind == 'ledger' then
    op.entry_kind, op.body, op.digest = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    i = i + 4
  elseif kind == 'archive' then
    op.akey, op.rkey, op.tkey, op.at, op.json = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
    i = i + 6
  elseif kind == 'zadd' or kind == 'hincr' then
    op.key, op.a, op.b = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
    i = i + 4
  else
    return redis.error_reply('unknown operation ' .. tostring(kind))
  end
  ops[#ops + 1] = op
end

for _, op in ipairs(ops) do
  if op.kind == 'record' then
    if redis.call('EXISTS', op.bkey) == 1 then return { 'duplicate', 'bundle' } end
    if redis.call('EXISTS', op.xkey) == 1 then return { 'duplicate', 'header' } end
  elseif op.kind == 'answered' and op.first then
    if redis.call('HEXISTS', op.xkey, 'respondedAt') == 1 then return { 'answered' } end
  end
end

local acknowledged = 0
for _, op in ipairs(ops) do
  if op.kind == 'record' then
    redis.call('HSET', op.xkey, 'record', op.json, 'state', op.state)
    if op.answer ~= '' then redis.call('HSET', op.xkey, 'answer', op.answer) end
    if op.answered_at ~= '' then redis.call('HSET', op.xkey, 'answeredAt', op.answered_at) end
    redis.call('SET', op.bkey, op.header)
    for _, key in ipairs(op.focal) do redis.call('SET', key, op.xkey) end
  elseif op.kind == 'answered' then
    if redis.call('EXISTS', op.xkey) == 1 then
      redis.call('HSET', op.xkey, 'state', 'answered', 'answer', op.answer, 'answeredAt', now, 'respondedAt', now)
    end
  elseif op.kind == 'cancelled' then
    if redis.call('EXISTS', op.xkey) == 1 then redis.call('HSET', op.xkey, 'cancellation', op.cancellation) end
  elseif op.kind == 'ack' then
    local ref = redis.call('HGET', op.q .. 'index', op.bundle)
    if ref then
      drop_entry(op.q, queues_key, op.recipient, ref, op.bundle, 'acknowledged', now)
      acknowledged = acknowledged + 1
    end
  elseif op.kind == 'enqueue' then
    -- Resending a message that is still queued must not queue it twice.
    enqueue_entry(op.q, queues_key, seq_key, op.recipient, op.stream, op.event, op.bundle, op.sender, op.body, now, op.lbody, op.ldigest, op.sig, op.kid)
  elseif op.kind == 'ledger' then
    ledger_append(now, op.entry_kind, '', op.body, op.digest)
  elseif op.kind == 'archive' then
    redis.call('SET', op.akey, op.json)
    if op.rkey ~= '' then redis.call('SET', op.rkey, op.akey) end
    redis.call('ZADD', op.tkey, op.at, op.akey .. '\\n' .. op.rkey)
  elseif op.kind == 'zadd' then
    redis.call('ZADD', op.key, op.a, op.b)
  elseif op.kind == 'hincr' then
    redis.call('HINCRBYFLOAT', op.key, op.a, op.b)
  end
end
return { 'ok', acknowledged, tonumber(redis.call('HGET', LEDGER_HEAD, 'seq') or '0') }
`;

/**
 * ARGV: queuePrefix, now, count, leaseUntil, maxDeliveries (0: no bound), queues key, recipient,
 * dead-letter recipients key, ledger key, ledger head key, mode ('all' | 'include' | 'exclude'), events...
 * An expired entry already delivered maxDeliveries times is moved to `dead` instead of leased.
 * Each delivery and dead-lettering appends its ledger entry.
 * Returns, oldest first: {bundleId, sender, event, enqueuedAt, body, deliveries, signature, kid} per entry.
 */
export const LEASE_SCRIPT = `${SHARED}
local q, now, count, lease_until = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local max, queues_key, recipient, dead_set = tonumber(ARGV[5]), ARGV[6], ARGV[7], ARGV[8]
LEDGER_KEY, LEDGER_HEAD = ARGV[9], ARGV[10]
local mode = ARGV[11]
local listed = {}
for j = 12, #ARGV do listed[ARGV[j]] = true end

local function bury(c, deliveries)
  bury_entry(q, queues_key, recipient, dead_set, c.stream, c.id, c.ref, deliveries, now)
end

local streams = {}
local events = redis.call('HGETALL', q .. 'events')
for j = 1, #events, 2 do
  local event, stream = events[j], events[j + 1]
  if mode == 'all' or (mode == 'include' and listed[event]) or (mode == 'exclude' and not listed[event]) then
    streams[#streams + 1] = stream
  end
end

-- Expired leases, every one of them, go back to their stream's taken-back set (by seq), so the
-- oldest available entries of a stream are the head of that set and of the stream's undelivered part.
local expired = redis.call('ZRANGEBYSCORE', q .. 'leases', '-inf', now)
for _, ref in ipairs(expired) do
  local id, stream = split_ref(ref)
  redis.call('ZADD', stream .. ':r', seq_of(id), ref)
end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', q .. 'leases', '-inf', now) end

local last_seq = {}
for _, stream in ipairs(streams) do
  last_seq[stream] = 0
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    if field(group, 'name') == GROUP then last_seq[stream] = seq_of(field(group, 'last-delivered-id')) end
  end
end

-- The first 'need' available entries after seq 'after', oldest first: of each wanted stream's
-- first 'need' taken-back and 'need' undelivered entries (the overall first are among them).
local function candidates_after(after, need)
  local candidates = {}
  for _, stream in ipairs(streams) do
    local back = redis.call('ZRANGEBYSCORE', stream .. ':r', string.format('(%d', after), '+inf', 'LIMIT', 0, need)
    for _, ref in ipairs(back) do
      local id = split_ref(ref)
      candidates[#candidates + 1] = { seq = seq_of(id), id = id, stream = stream, ref = ref, expired = true }
    end
    local from = math.max(after, last_seq[stream])
    for _, entry in ipairs(redis.call('XRANGE', stream, string.format('(%d-0', from), '+', 'COUNT', need)) do
      candidates[#candidates + 1] = { seq = seq_of(entry[1]), id = entry[1], stream = stream, ref = entry[1] .. ' ' .. stream, expired = false }
    end
  end
  table.sort(candidates, function(a, b) return a.seq < b.seq end)
  return candidates
end

-- The chosen new entries of a stream are always its oldest undelivered ones, so one
-- XREADGROUP per stream hands out exactly those.
local fresh = {}
local chosen = {}
local after = 0
while #chosen < count do
  local need = count - #chosen
  local candidates = candidates_after(after, need)
  if #candidates == 0 then break end
  for k = 1, math.min(need, #candidates) do
    local c = candidates[k]
    after = c.seq
    local pending = nil
    if c.expired and max > 0 then pending = redis.call('XPENDING', c.stream, GROUP, c.id, c.id, 1)[1] end
    if pending and pending[4] >= max then
      bury(c, pending[4])
    else
      chosen[#chosen + 1] = c
      if not c.expired then fresh[c.stream] = (fresh[c.stream] or 0) + 1 end
    end
  end
end
local fields_of, deliveries_of = {}, {}
for stream, k in pairs(fresh) do
  local reply = redis.call('XREADGROUP', 'GROUP', GROUP, CONSUMER, 'COUNT', k, 'STREAMS', stream, '>')
  for _, entry in ipairs(reply[1][2]) do
    fields_of[entry[1]] = entry[2]
    deliveries_of[entry[1]] = 1
  end
end
for _, c in ipairs(chosen) do
  if c.expired then
    local claimed = redis.call('XCLAIM', c.stream, GROUP, CONSUMER, 0, c.id)
    fields_of[c.id] = claimed[1][2]
    deliveries_of[c.id] = redis.call('XPENDING', c.stream, GROUP, c.id, c.id, 1)[1][4]
    redis.call('SADD', q .. 'redelivered', c.ref)
    redis.call('ZREM', c.stream .. ':r', c.ref)
  end
  redis.call('ZADD', q .. 'leases', lease_until, c.ref)
end

local out = {}
for _, c in ipairs(chosen) do
  local f = fields_of[c.id]
  local lbody, ldigest = field(f, 'lbody'), field(f, 'ldigest')
  if lbody and ldigest and lbody ~= '' then ledger_append(now, 'delivered', string.format('%d', deliveries_of[c.id]), lbody, ldigest) end
  out[#out + 1] = { field(f, 'bundleId'), field(f, 'sender'), field(f, 'event'), field(f, 'enqueuedAt'), field(f, 'body'), deliveries_of[c.id],
    field(f, 'sig') or '', field(f, 'kid') or '' }
end
return out
`;

/**
 * ARGV: queuePrefix, Bundle.id. Returns {sender, event, enqueuedAt, body, deliveries, leaseUntil}
 * of that message's queue entry, or nothing when it is not queued.
 */
export const QUEUED_SCRIPT = `${SHARED}
local q, bundle = ARGV[1], ARGV[2]
local ref = redis.call('HGET', q .. 'index', bundle)
if not ref then return nil end
local id, stream = split_ref(ref)
local entry = redis.call('XRANGE', stream, id, id)[1]
if not entry then return nil end
local pending = redis.call('XPENDING', stream, GROUP, id, id, 1)[1]
local deliveries = 0
if pending then deliveries = pending[4] end
local f = entry[2]
return { field(f, 'sender'), field(f, 'event'), field(f, 'enqueuedAt'), field(f, 'body'), deliveries, redis.call('ZSCORE', q .. 'leases', ref) or '0',
  field(f, 'sig') or '', field(f, 'kid') or '' }
`;

/** ARGV: queuePrefix, now. Returns {depth, available, redelivered, oldestEnqueuedAt or ''}. */
export const STATS_SCRIPT = `${SHARED}
local q, now = ARGV[1], ARGV[2]
local depth = tonumber(redis.call('GET', q .. 'depth') or '0')
local leased = redis.call('ZCOUNT', q .. 'leases', '(' .. now, '+inf')
local redelivered = redis.call('SCARD', q .. 'redelivered')
local oldest_seq, oldest_at = nil, ''
local events = redis.call('HGETALL', q .. 'events')
for j = 2, #events, 2 do
  local first = redis.call('XRANGE', events[j], '-', '+', 'COUNT', 1)[1]
  if first then
    local seq = seq_of(first[1])
    if oldest_seq == nil or seq < oldest_seq then
      oldest_seq = seq
      oldest_at = field(first[2], 'enqueuedAt')
    end
  end
end
return { depth, depth - leased, redelivered, oldest_at }
`;

/**
 * ARGV: queuePrefix, recipient, Bundle.id, now, seq key, queues key, dead-letter recipients key,
 * ledger key, ledger head key, ledger body and digest to use when the dead letter kept none.
 * Moves a dead letter back to the end of the live queue (a new entry: deliveries start again).
 * Returns 1 when it was replayed, 0 when there was no such dead letter.
 */
export const REPLAY_SCRIPT = `${SHARED}
local q, recipient, bundle, now, seq_key, queues_key, dead_set = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
LEDGER_KEY, LEDGER_HEAD = ARGV[8], ARGV[9]
local json = redis.call('HGET', q .. 'dead', bundle)
if not json then return 0 end
local d = cjson.decode(json)
local lbody, ldigest = d.lbody or '', d.ldigest or ''
if lbody == '' then lbody, ldigest = ARGV[10], ARGV[11] end
redis.call('HDEL', q .. 'dead', bundle)
if redis.call('HLEN', q .. 'dead') == 0 then redis.call('SREM', dead_set, recipient) end
enqueue_entry(q, queues_key, seq_key, recipient, d.stream, d.event, bundle, d.sender, d.body, now, lbody, ldigest, d.sig or '', d.kid or '')
ledger_append(now, 'replayed', '', lbody, ldigest)
return 1
`;

/**
 * ARGV: subscriptions hash, owner-index hash (id → owner set key), id, then either
 * `save json ownerSetKey` or `remove`. Keeps each owner's set of subscription ids in step.
 * Returns 1 when a subscription with this id existed before.
 */
export const SUBSCRIPTION_SCRIPT = `
local subs, owners, id, action = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local previous = redis.call('HGET', owners, id)
if action == 'save' then
  local json, owner_set = ARGV[5], ARGV[6]
  if previous and previous ~= owner_set then redis.call('SREM', previous, id) end
  redis.call('HSET', subs, id, json)
  redis.call('HSET', owners, id, owner_set)
  redis.call('SADD', owner_set, id)
else
  if previous then redis.call('SREM', previous, id) end
  redis.call('HDEL', owners, id)
  return redis.call('HDEL', subs, id)
end
if previous then return 1 end
return 0
`;

/**
 * ARGV: archive times key, before (epoch ms, excluded), batch size. Removes the oldest archived
 * messages received before `before`, at most one batch; returns how many.
 */
export const PRUNE_ARCHIVE_SCRIPT = `
local times, before, batch = ARGV[1], ARGV[2], tonumber(ARGV[3])
local members = redis.call('ZRANGEBYSCORE', times, '-inf', '(' .. before, 'LIMIT', 0, batch)
for _, member in ipairs(members) do
  local newline = string.find(member, '\\n', 1, true)
  local received = string.sub(member, newline + 1)
  redis.call('DEL', string.sub(member, 1, newline - 1))
  if received ~= '' then redis.call('DEL', received) end
  redis.call('ZREM', times, member)
end
return #members
`;

/**
 * ARGV: queuePrefix, recipient, Bundle.id, now, queues key, dead-letter recipients key, ledger key,
 * ledger head key. Moves one queued message to the dead letters now. Returns 1, or 0 when it is not queued.
 */
export const DEAD_LETTER_SCRIPT = `${SHARED}
local q, recipient, bundle, now, queues_key, dead_set = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
LEDGER_KEY, LEDGER_HEAD = ARGV[7], ARGV[8]
local ref = redis.call('HGET', q .. 'index', bundle)
if not ref then return 0 end
local id, stream = split_ref(ref)
local pending = redis.call('XPENDING', stream, GROUP, id, id, 1)[1]
local deliveries = 0
if pending then deliveries = pending[4] end
if bury_entry(q, queues_key, recipient, dead_set, stream, id, ref, deliveries, now) then return 1 end
return 0
`;
