/**
 * Families that lie about who is talking: forged MessageHeader.sender and destination (other
 * licences, unknown ones, the regulator, the gateway itself), real tokens of the wrong
 * participant, and tokens that are expired, forged or not tokens at all.
 */
import { freshCopy } from '../../../src/client/fresh-copy.js';
import type { Random } from './prng.js';
import { bearerOf, FHIR_JSON, type FuzzContext, type FuzzRequest } from './types.js';

const LICENCES = ['N-F-00001', 'N-F-00002', 'N-F-00003', 'N-F-00005', 'PR-FHIR', 'N-I-00001', 'INS-FHIR', '7001548317', 'REG-CHI', 'NPHIES', 'N-F-99999', 'N-I-99999', '', ' N-F-00001', 'n-f-00001', 'N-F-00001\u0000', 'x'.repeat(300), '../N-F-00001'];
const SYSTEMS = ['http://nphies.sa/license/provider-license', 'http://nphies.sa/license/payer-license', 'http://nphies.sa/license/nphies', 'urn:oid:1.2.3', ''];

/** MessageHeader.sender and/or destination rewritten; the token is the original sender's or the forged one's. */
export function forgedParties(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = random.pick(ctx.samples);
  const tree = freshCopy(s.json);
  const header = tree.entry?.[0]?.resource ?? {};
  const notes: string[] = [];
  let tokenOf = s.sender;
  const what = random.pick(['sender', 'destination', 'both', 'destination-shape']);
  if (what === 'sender' || what === 'both') {
    const forged = random.pick(LICENCES);
    header.sender = { ...(header.sender ?? {}), identifier: { system: random.chance(0.7) ? header.sender?.identifier?.system : random.pick(SYSTEMS), value: forged } };
    notes.push(`sender=${forged.slice(0, 20)}`);
    if (random.chance(0.4) && ctx.tokens.has(forged)) tokenOf = forged;
  }
  if (what === 'destination' || what === 'both') {
    const forged = random.pick(LICENCES);
    const destination = header.destination?.[0] ?? {};
    header.destination = [{ ...destination, receiver: { ...(destination.receiver ?? {}), identifier: { system: random.chance(0.7) ? destination.receiver?.identifier?.system : random.pick(SYSTEMS), value: forged } } }];
    notes.push(`receiver=${forged.slice(0, 20)}`);
  }
  if (what === 'destination-shape') {
    const shape = random.pick(['none', 'empty', 'two', 'no-receiver', 'receiver-reference', 'string']);
    const d = header.destination?.[0];
    header.destination = { none: undefined, empty: [], two: [d, { ...d, receiver: { identifier: { value: 'N-I-00001' } } }], 'no-receiver': [{ endpoint: 'http://nphies.sa' }], 'receiver-reference': [{ endpoint: 'x', receiver: { reference: 'Organization/1' } }], string: 'N-I-00001' }[shape];
    notes.push(`destination ${shape}`);
  }
  return {
    family: 'forged-parties',
    note: `${s.file}: ${notes.join(' ')} token=${tokenOf}`,
    method: 'POST',
    path: '/$process-message',
    headers: { 'content-type': FHIR_JSON, ...bearerOf(ctx, tokenOf) },
    body: JSON.stringify(tree),
  };
}

/** A sample sent with a token the gateway must refuse, or a real token of someone else. */
export function badToken(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = random.pick(ctx.samples);
  const body = JSON.stringify(freshCopy(s.json));
  const kind = random.weighted<string>([[6, 'forged'], [3, 'other-participant'], [3, 'header-shape']]);
  let authorization: string | undefined;
  let note: string;
  if (kind === 'forged') {
    const bad = random.pick(ctx.badTokens);
    authorization = `Bearer ${bad.value}`;
    note = bad.kind;
  } else if (kind === 'other-participant') {
    const others = [...ctx.tokens.keys()].filter((l) => l !== s.sender);
    const other = random.pick(others);
    authorization = `Bearer ${ctx.tokens.get(other)}`;
    note = `token of ${other}`;
  } else {
    const real = ctx.tokens.get(s.sender ?? 'N-F-00001') ?? ctx.tokens.get('N-F-00001')!;
    const shapes: [string, string | undefined][] = [
      ['none', undefined], ['empty', ''], ['bearer-only', 'Bearer'], ['bearer-space', 'Bearer '], ['basic', `Basic ${Buffer.from('N-F-00001:secret').toString('base64')}`],
      ['lowercase', `bearer ${real}`], ['two-tokens', `Bearer ${real} ${real}`], ['tab', `Bearer\t${real}`], ['no-scheme', real], ['token-quoted', `Bearer "${real}"`],
      ['mac', `MAC ${real}`], ['trailing-junk', `Bearer ${real}junk`], ['truncated', `Bearer ${real.slice(0, random.int(1, real.length - 1))}`],
    ];
    const [shape, value] = random.pick(shapes);
    authorization = value;
    note = shape;
  }
  return {
    family: 'bad-token',
    note: `${s.file}: ${note}`,
    method: 'POST',
    path: random.pick(['/$process-message', '/$validate', `${ctx.fhirBase}/$process-message`]),
    headers: { 'content-type': FHIR_JSON, ...(authorization === undefined ? {} : { authorization }) },
    body,
  };
}
