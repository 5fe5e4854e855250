/**
 * Families at the HTTP level: wrong content types, wrong methods and paths, garbage forms at
 * `/auth/token`, hostile Subscription requests, `/metrics` without the right role, and raw
 * requests Node's HTTP parser must refuse (written on a socket, not through fetch).
 */
import { freshCopy } from '../../../src/client/fresh-copy.js';
import type { Random } from './prng.js';
import { mutateTree, randomUnicode, render } from './json-mutations.js';
import { bearerOf, FHIR_JSON, type FuzzContext, type FuzzRequest } from './types.js';

const CONTENT_TYPES = [
  undefined, 'text/plain', 'application/xml', 'application/fhir+xml', 'text/json', 'application/json', 'APPLICATION/FHIR+JSON', 'application/fhir+json; charset=utf-8',
  'application/fhir+json; charset=iso-8859-1', 'application/fhir+json; charset=utf-16', 'application/fhir+json;;', 'application/fhir+json ; fhirVersion=4.0',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/octet-stream', '*/*', 'application/', '/', ';', 'application/fhir+json, text/plain',
  'application/jsonx', 'application/fhir+jsonp', 'application/json-patch+json', 'x'.repeat(2000),
];

export function contentType(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = random.pick(ctx.samples);
  const type = random.pick(CONTENT_TYPES);
  const headers: Record<string, string> = { ...bearerOf(ctx, s.sender) };
  if (type !== undefined) headers['content-type'] = type;
  const body = JSON.stringify(freshCopy(s.json));
  // Without a content type fetch would label a string text/plain: send bytes to send none.
  return { family: 'content-type', note: `${s.file}: ${String(type).slice(0, 40)}`, method: 'POST', path: random.pick(['/$process-message', '/$process-message', '/$validate', '/Subscription', '/auth/token']), headers, body: type === undefined ? new TextEncoder().encode(body) : body };
}

/** Every byte of the UTF-8 form percent-encoded (encodeURIComponent throws on a lone surrogate). */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

const METHODS = ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST'];

function paths(ctx: FuzzContext, random: Random): string[] {
  return [
    '/$process-message', '/$validate', `${ctx.fhirBase}/$process-message`, `${ctx.fhirBase}/$validate`, '/%24process-message', '/$process-message/', '/$process-message?_format=xml',
    '//$process-message', `${ctx.fhirBase}${ctx.fhirBase}/$process-message`, '/$PROCESS-MESSAGE', '/..%2f$process-message', '/fhir/../$process-message', '/$process-message%00',
    '/Subscription', '/Subscription/', `/Subscription/${'a'.repeat(random.pick([10, 64, 65, 200, 2000]))}`, '/Subscription/..%2f..%2fetc', '/Subscription/x/$status', '/Subscription/%00',
    '/auth/token', '/metrics', '/metadata', `${ctx.fhirBase}/metadata`, '/.well-known/jwks.json', '/.well-known/smart-configuration', '/readyz', '/Claim', '/Bundle/1',
    `/${percentEncoded(randomUnicode(random, 8))}`, '/%ff', '/%C0%AF$process-message', '/Subscription/%ff%fe', '/$process-message%', `/${'x'.repeat(random.pick([100, 5000]))}`, '/?$process-message', '/*', '/$process-message#frag',
  ];
}

/** Any method on any path, with a sample body and a real token (or none). */
export function methodAndPath(random: Random, ctx: FuzzContext): FuzzRequest {
  const s = random.pick(ctx.samples);
  const method = random.pick(METHODS);
  const path = random.pick(paths(ctx, random));
  const withBody = method !== 'GET' && method !== 'HEAD' && random.chance(0.8);
  const headers: Record<string, string> = random.chance(0.8) ? { ...bearerOf(ctx, s.sender) } : {};
  if (withBody) headers['content-type'] = FHIR_JSON;
  return { family: 'method-path', note: `${method} ${path.slice(0, 60)}`, method, path, headers, body: withBody ? JSON.stringify(freshCopy(s.json)) : undefined };
}

const FORM_KEYS = ['grant_type', 'client_assertion_type', 'client_assertion', 'client_id', 'scope', 'aud', 'iss', '__proto__', 'constructor', 'grant_type[]'];

/** `POST /auth/token` with garbage forms, claimed client ids and assertions that are not JWTs. */
export function tokenForm(random: Random, ctx: FuzzContext): FuzzRequest {
  const form = new URLSearchParams();
  const shape = random.weighted<string>([[4, 'garbage'], [3, 'near-valid'], [1, 'huge'], [1, 'json'], [1, 'no-type']]);
  const fakeJwt = (iss: string) =>
    `${Buffer.from(JSON.stringify({ alg: random.pick(['ES384', 'none', 'HS256', 'RS384']), typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss, sub: iss, aud: ctx.tokenAudience, exp: Math.floor(Date.now() / 1000) + random.int(-600, 6000), jti: String(random.uint32()) })).toString('base64url')}.${Buffer.from(random.bytes(random.int(0, 96))).toString('base64url')}`;
  if (shape === 'near-valid') {
    // Claims a real-looking client: N-F-00009 (no such participant) is counted per client, so some get 429.
    const iss = random.pick(['N-F-00009', 'N-F-00009', 'N-F-00001', 'REG-CHI', 'NPHIES', 'x'.repeat(70)]);
    form.set('grant_type', random.chance(0.9) ? 'client_credentials' : 'password');
    form.set('client_assertion_type', random.chance(0.9) ? 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' : 'jwt');
    form.set('client_assertion', random.chance(0.9) ? fakeJwt(iss) : 'a.b.c');
    if (random.chance(0.3)) form.set('client_id', iss);
    form.set('scope', random.pick(['system/*.write system/*.read', 'system/*.*', '', randomUnicode(random, 10)]));
  } else if (shape === 'huge') {
    form.set('client_assertion', 'A'.repeat(random.pick([60_000, 70_000, 200_000])));
  } else {
    for (let i = random.int(0, 6); i > 0; i -= 1) form.append(random.pick(FORM_KEYS), random.chance(0.5) ? randomUnicode(random, random.int(0, 40)) : random.pick(['client_credentials', '', 'null', 'a.b.c']));
  }
  const body = shape === 'json' ? JSON.stringify(Object.fromEntries(form)) : form.toString();
  const type = shape === 'json' ? 'application/json' : shape === 'no-type' ? 'text/plain' : 'application/x-www-form-urlencoded';
  return { family: 'token-form', note: `${shape} ${body.length} bytes`, method: 'POST', path: '/auth/token', headers: { 'content-type': type }, body };
}

/** Subscription create, read and delete with mutated bodies and odd ids. */
export function subscription(random: Random, ctx: FuzzContext): FuzzRequest {
  const licence = random.pick(['N-F-00001', 'N-I-00001', 'REG-CHI']);
  const headers = { ...bearerOf(ctx, licence), 'content-type': FHIR_JSON };
  const action = random.weighted<string>([[6, 'create'], [1, 'list'], [1, 'read'], [1, 'delete'], [1, 'status']]);
  if (action !== 'create') {
    const id = random.pick(['1', 'x'.repeat(64), 'x'.repeat(65), '%2e%2e', percentEncoded(randomUnicode(random, 6)), '00000000-0000-0000-0000-000000000000']);
    const method = action === 'delete' ? 'DELETE' : 'GET';
    const path = action === 'list' ? '/Subscription' : action === 'status' ? `/Subscription/${id}/$status` : `/Subscription/${id}`;
    return { family: 'subscription', note: `${method} ${path.slice(0, 50)}`, method, path, headers: bearerOf(ctx, licence) };
  }
  const tree = structuredClone(ctx.subscription);
  const notes: string[] = [];
  if (random.chance(0.5)) {
    tree.channel.endpoint = random.pick([
      'http://127.0.0.1:9/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://0x7f.1/x', 'http://2130706433/x', 'http://localhost/x', 'file:///etc/passwd',
      'gopher://x', 'http://10.0.0.1/x', 'http://[::ffff:127.0.0.1]/x', 'https://hooks.example.com/x', 'not a url', '', 'http://user:pass@127.0.0.1/x',
    ]);
    notes.push(`endpoint ${tree.channel.endpoint}`);
  }
  if (random.chance(0.3)) tree.channel.header = random.pick([['Host: evil'], ['Authorization: Bearer x\r\nX-Evil: 1'], ['Metadata-Flavor: Google'], ['X-Api-Key: k', 'X-Api-Key: k'], 'Authorization: x', [1]]);
  for (let i = random.int(0, 3); i > 0; i -= 1) notes.push(mutateTree(random, tree));
  return { family: 'subscription', note: `POST ${notes.join(' ').slice(0, 80)}`, method: 'POST', path: '/Subscription', headers, body: render(random, tree) };
}

/** `/metrics` with a participant token, a forged one or none (the role check). */
export function metrics(random: Random, ctx: FuzzContext): FuzzRequest {
  const who = random.pick(['N-F-00001', 'N-I-00001', 'none', 'forged']);
  const headers = who === 'none' ? {} : who === 'forged' ? { authorization: `Bearer ${random.pick(ctx.badTokens).value}` } : bearerOf(ctx, who);
  return { family: 'metrics', note: who, method: 'GET', path: '/metrics', headers };
}

/** Requests Node's HTTP parser refuses, or that only a raw socket can send. */
export function rawHttp(random: Random, ctx: FuzzContext): FuzzRequest {
  const token = ctx.tokens.get('N-F-00001')!;
  const body = '{"resourceType":"Bundle"}';
  const shapes: [string, string][] = [
    ['bad request line', 'GET\r\n\r\n'],
    ['http/0.9', 'GET /healthz\r\n\r\n'],
    ['bad version', 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['header without colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n'],
    ['space before colon', 'GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n'],
    ['control char in header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n'],
    ['two content-lengths', `POST /$process-message HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nContent-Length: ${body.length}\r\nContent-Length: 3\r\n\r\n${body}`],
    ['content-length and chunked', `POST /$process-message HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
    ['bad chunk size', `POST /$process-message HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`],
    ['chunked body', `POST /$process-message HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
    ['negative content-length', `POST /$process-message HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nContent-Length: -1\r\n\r\n`],
    ['content-length not a number', `POST /$process-message HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nContent-Length: abc\r\n\r\n`],
    ['huge header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['many headers', `GET /healthz HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 3000 }, (_v, i) => `X-${i}: ${i}`).join('\r\n')}\r\n\r\n`],
    ['expect 100-continue', `POST /$validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`],
    ['expect unknown', `POST /$validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\nExpect: 200-ok\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`],
    ['lf only', 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n'],
    ['absolute url', 'GET http://evil.example/$process-message HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ['garbage', `${Buffer.from(random.bytes(64)).toString('latin1')}\r\n\r\n`],
    ['smuggled second request', `POST /$validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/fhir+json\r\nContent-Length: ${body.length}\r\n\r\n${body}GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
  ];
  const [note, text] = random.pick(shapes);
  return { family: 'raw-http', note, method: 'RAW', path: note, headers: {}, raw: Buffer.from(text, 'latin1') };
}
