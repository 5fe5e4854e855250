/**
 * Families that damage the body of an official sample, sent to `$process-message` (or
 * `$validate`) with the sample sender's real token.
 */
import { freshCopy } from '../../../src/client/fresh-copy.js';
import type { Random } from './prng.js';
import { mutateTree, render } from './json-mutations.js';
import { byteFlips, concat, deepNesting, duplicateKey, invalidUtf8, pollutionKey, randomBytes, syntaxDamage, truncate, withBom } from './text-mutations.js';
import { bearerOf, FHIR_JSON, type FuzzContext, type FuzzRequest, type FuzzSample } from './types.js';

function pickSample(random: Random, ctx: FuzzContext): FuzzSample {
  return random.pick(ctx.samples);
}

/** The sample (fresh ids most of the time, so the message is judged rather than answered as a resend). */
function base(random: Random, s: FuzzSample): Record<string, any> {
  return random.chance(0.7) ? freshCopy(s.json) : structuredClone(s.json);
}

function baseText(random: Random, s: FuzzSample): string {
  return random.chance(0.3) ? s.text : JSON.stringify(base(random, s));
}

function endpoint(random: Random, ctx: FuzzContext): string {
  return random.weighted([
    [8, '/$process-message'],
    [2, `${ctx.fhirBase}/$process-message`],
    [1, '/$validate'],
    [1, `${ctx.fhirBase}/$validate`],
  ]);
}

function post(random: Random, ctx: FuzzContext, s: FuzzSample, family: string, note: string, body: string | Uint8Array): FuzzRequest {
  return { family, note: `${s.file}: ${note}`, method: 'POST', path: endpoint(random, ctx), headers: { 'content-type': FHIR_JSON, ...bearerOf(ctx, s.sender) }, body };
}

/** 1 to 4 structural mutations (delete, duplicate, swap, type swap, unicode, long strings, odd numbers, long arrays). */
export function sampleMutation(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const tree = base(random, s);
  const notes: string[] = [];
  for (let i = random.int(1, 4); i > 0; i -= 1) notes.push(mutateTree(random, tree));
  return post(random, ctx, s, 'sample-mutation', notes.join(' '), render(random, tree));
}

/** Type swaps only, on the elements routing reads first (header, focus, ids). */
export function headerMutation(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const tree = base(random, s);
  const targets: Record<string, any>[] = [tree, tree.entry?.[0] ?? {}, tree.entry?.[0]?.resource ?? {}, tree.entry?.[0]?.resource?.sender ?? {}, tree.entry?.[0]?.resource?.destination?.[0] ?? {}, tree.entry?.[1]?.resource ?? {}];
  const target = random.pick(targets);
  const keys = Object.keys(target);
  const key = keys.length > 0 ? random.pick(keys) : 'id';
  const value = random.pick<unknown>([null, 0, -0, 1.5, true, '', [], {}, [target[key]], { value: target[key] }, 'x'.repeat(65), 'x'.repeat(100_000), '\ud800', '../../etc/passwd', '%00', 'NPHIES', '\u0000']);
  target[key] = value;
  return post(random, ctx, s, 'header-type-swap', `${key} := ${JSON.stringify(value)?.slice(0, 30)}`, render(random, tree));
}

export function truncation(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = truncate(random, baseText(random, s));
  return post(random, ctx, s, 'truncation', note, body);
}

export function bom(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = withBom(random, baseText(random, s));
  return post(random, ctx, s, 'bom', note, body);
}

export function badUtf8(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = invalidUtf8(random, baseText(random, s));
  return post(random, ctx, s, 'invalid-utf8', note, body);
}

export function duplicateKeys(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = duplicateKey(random, baseText(random, s));
  return post(random, ctx, s, 'duplicate-key', note, body);
}

export function pollution(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = pollutionKey(random, baseText(random, s));
  return post(random, ctx, s, 'pollution-key', note, body);
}

export function nesting(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = deepNesting(random, baseText(random, s), ctx.limits.maxJsonDepth);
  return post(random, ctx, s, 'deep-nesting', note, body);
}

export function syntax(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = syntaxDamage(random, baseText(random, s));
  return post(random, ctx, s, 'syntax', note, body);
}

export function flips(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = byteFlips(random, baseText(random, s));
  return post(random, ctx, s, 'byte-flips', note, body);
}

export function noise(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const { body, note } = randomBytes(random);
  return post(random, ctx, s, 'random-bytes', note, body);
}

/**
 * Bodies around the size limit: a sample padded with a long string just under or just over
 * WASL_MAX_BODY_BYTES, or with a real array (Claim.item, entries) copied many times.
 */
export function nearLimit(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = pickSample(random, ctx);
  const limit = ctx.limits.maxBodyBytes;
  const tree = freshCopy(s.json);
  const shape = random.weighted<string>([[3, 'pad-under'], [2, 'pad-over'], [2, 'copies'], [1, 'many-values']]);
  if (shape === 'copies') {
    // A real array grown with copies of its own elements, as far as the body limit allows.
    const claim = tree.entry?.find((e: any) => Array.isArray(e?.resource?.item))?.resource;
    const list: unknown[] = claim ? claim.item : tree.entry;
    const one = Buffer.byteLength(JSON.stringify(list[list.length - 1] ?? {})) + 1;
    const room = Math.floor((limit - Buffer.byteLength(JSON.stringify(tree))) / one);
    const target = Math.max(1, Math.min(random.pick([200, 1000, ctx.limits.maxArrayLength, ctx.limits.maxArrayLength + 1]), room));
    while (list.length < target) list.push(structuredClone(list[list.length % Math.max(1, list.length)]));
    return post(random, ctx, s, 'near-limit', `${claim ? 'Claim.item' : 'Bundle.entry'} x${list.length}`, JSON.stringify(tree));
  }
  if (shape === 'many-values') {
    // As many tiny values as the byte limit allows: under WASL_MAX_JSON_VALUES or over it.
    const perArray = ctx.limits.maxArrayLength;
    const values = Math.min(random.pick([ctx.limits.maxJsonValues - 10, ctx.limits.maxJsonValues + 10]), Math.floor((limit - 20_000) / 2));
    const rows = Math.ceil(values / perArray);
    const row = `[${new Array(perArray).fill('0').join(',')}]`;
    if (tree.entry?.[0]?.resource) tree.entry[0].resource.extension = '@@ROWS@@';
    const text = JSON.stringify(tree).replace('"@@ROWS@@"', `[${new Array(rows).fill(row).join(',')}]`);
    return post(random, ctx, s, 'near-limit', `${rows}x${perArray} numbers (${Buffer.byteLength(text)} bytes)`, text);
  }
  const text = JSON.stringify(tree);
  const target = shape === 'pad-under' ? limit - random.int(0, 64) : limit + random.int(1, Math.floor(limit / 4));
  const padding = Math.max(0, target - Buffer.byteLength(text) - 20);
  const body = concat(text.slice(0, -1), `,"zz":"${'y'.repeat(padding)}"}`);
  return post(random, ctx, s, 'near-limit', `${shape} ${body.length} bytes (limit ${limit})`, body);
}
