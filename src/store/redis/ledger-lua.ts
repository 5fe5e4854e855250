/**
 * The ledger inside Redis's Lua scripts: entries are appended by the same script as the state
 * change they record, so one chain serves every gateway instance (see ../ledger-chain.ts for the
 * entry format). Redis's Lua has no SHA-256, so it is written here with the `bit` library; it
 * hashes only the short link input (place, previous hash, digest of the facts: three blocks),
 * the facts themselves being digested by the gateway before the script runs.
 *
 * Layout: `<prefix>ledger` a Stream whose entry ids are `<seq>-0` (fields at, kind, n, prev,
 * hash, body); `<prefix>ledger-head` a hash {seq, hash} of the last entry.
 * Scripts that append define LEDGER_KEY and LEDGER_HEAD before calling `ledger_append`.
 */
export const LEDGER_LUA = `
-- Set by each script that appends (ARGV), before it calls ledger_append.
local LEDGER_KEY, LEDGER_HEAD

local SHA_K = {
0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2}

-- FIPS 180-4 SHA-256 over a Lua string, lower-case hex (checked against node:crypto in the tests).
local function sha256_hex(msg)
  local band, bor, bxor, bnot, rshift, lshift, ror, tobit = bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift, bit.lshift, bit.ror, bit.tobit
  local len = #msg
  local bits = len * 8
  msg = msg .. '\\128' .. string.rep('\\0', (55 - len) % 64) .. string.char(0, 0, 0, 0,
    band(rshift(bits, 24), 255), band(rshift(bits, 16), 255), band(rshift(bits, 8), 255), band(bits, 255))
  local h0, h1, h2, h3 = tobit(0x6a09e667), tobit(0xbb67ae85), tobit(0x3c6ef372), tobit(0xa54ff53a)
  local h4, h5, h6, h7 = tobit(0x510e527f), tobit(0x9b05688c), tobit(0x1f83d9ab), tobit(0x5be0cd19)
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local a, b, c, d = string.byte(msg, chunk + i * 4, chunk + i * 4 + 3)
      w[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for i = 16, 63 do
      local x, y = w[i - 15], w[i - 2]
      w[i] = tobit(w[i - 16] + bxor(ror(x, 7), ror(x, 18), rshift(x, 3)) + w[i - 7] + bxor(ror(y, 17), ror(y, 19), rshift(y, 10)))
    end
    local a, b, c, d, e, f, g, h = h0, h1, h2, h3, h4, h5, h6, h7
    for i = 0, 63 do
      local t1 = h + bxor(ror(e, 6), ror(e, 11), ror(e, 25)) + bxor(band(e, f), band(bnot(e), g)) + SHA_K[i + 1] + w[i]
      local t2 = bxor(ror(a, 2), ror(a, 13), ror(a, 22)) + bxor(band(a, b), band(a, c), band(b, c))
      h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
    end
    h0, h1, h2, h3 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d)
    h4, h5, h6, h7 = tobit(h4 + e), tobit(h5 + f), tobit(h6 + g), tobit(h7 + h)
  end
  return bit.tohex(h0) .. bit.tohex(h1) .. bit.tohex(h2) .. bit.tohex(h3) .. bit.tohex(h4) .. bit.tohex(h5) .. bit.tohex(h6) .. bit.tohex(h7)
end

local LEDGER_GENESIS = string.rep('0', 64)

-- Appends one entry after the current head. at: epoch ms (string), n: delivery number or ''.
local function ledger_append(at, kind, n, body, digest)
  local head = redis.call('HMGET', LEDGER_HEAD, 'seq', 'hash')
  local seq = (tonumber(head[1]) or 0) + 1
  local prev = head[2] or LEDGER_GENESIS
  local seq_text = string.format('%d', seq)
  local hash = sha256_hex(seq_text .. '\\n' .. at .. '\\n' .. kind .. '\\n' .. n .. '\\n' .. prev .. '\\n' .. digest)
  redis.call('XADD', LEDGER_KEY, seq_text .. '-0', 'at', at, 'kind', kind, 'n', n, 'prev', prev, 'hash', hash, 'body', body)
  redis.call('HSET', LEDGER_HEAD, 'seq', seq_text, 'hash', hash)
end

-- Appends an entry for a queued message (its facts were stored with it when it was queued).
local function ledger_append_queued(at, kind, n, stream, id)
  local entry = redis.call('XRANGE', stream, id, id)[1]
  if not entry then return end
  local f = entry[2]
  local body, digest
  for j = 1, #f, 2 do
    if f[j] == 'lbody' then body = f[j + 1] elseif f[j] == 'ldigest' then digest = f[j + 1] end
  end
  if body and digest then ledger_append(at, kind, n, body, digest) end
end
`;

/** A script that evaluates `sha256_hex(ARGV[1])`: lets the tests check the Lua SHA-256 against node:crypto. */
export const SHA256_PROBE_SCRIPT = `${LEDGER_LUA}
return sha256_hex(ARGV[1])
`;
