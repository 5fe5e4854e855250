/** Subscriber-chosen notification headers: a credential for the hook, nothing else, one line each. */
import { describe, expect, it } from 'vitest';
import { headerRefusal, subscriberHeaders } from '../../../src/routing/subscriptions/headers.js';

describe('subscriber headers', () => {
  it.each(['Authorization: Bearer eyJhbGciOi.J9-_~+/abc==', 'authorization: basic d2FzbDpzM2NyZXQ=', 'X-Api-Key: k_123-ABC.xyz', 'x-api-key:k'])('allows %s', (line) => {
    expect(headerRefusal(line)).toBeUndefined();
  });

  it.each([
    ['Metadata-Flavor: Google', /only Authorization/],
    ['Host: 169.254.169.254', /only Authorization/],
    ['X-Forwarded-For: 127.0.0.1', /only Authorization/],
    ['X-Forwarded-Host: internal', /only Authorization/],
    ['Content-Type: text/plain', /only Authorization/],
    ['Content-Length: 0', /only Authorization/],
    ['Transfer-Encoding: chunked', /only Authorization/],
    ['Cookie: a=b', /only Authorization/],
    ['Authorization: Bearer a\r\nMetadata-Flavor: Google', /CR, LF and NUL/],
    ['Authorization: Bearer a\nX: y', /CR, LF and NUL/],
    ['X-Api-Key: a\0b', /CR, LF and NUL/],
    ['Authorization: Negotiate abc', /Bearer <token>/],
    ['Authorization: Bearer', /Bearer <token>/],
    ['Authorization: Bearer two words', /Bearer <token>/],
    ['X-Api-Key: two words', /visible ASCII/],
    ['no colon here', /Name: value/],
  ])('refuses %s', (line, why) => {
    expect(headerRefusal(line)).toMatch(why);
  });

  it('allows each credential header once', () => {
    expect(headerRefusal('authorization: Bearer b', ['Authorization: Bearer a'])).toBe('authorization is given once');
    expect(subscriberHeaders(['Authorization: Bearer a', 'X-Api-Key: k'])).toEqual({ ok: true, headers: [['Authorization', 'Bearer a'], ['X-Api-Key', 'k']] });
    expect(subscriberHeaders(['X-Api-Key: k', 'Host: x'])).toEqual({ ok: false, reason: 'channel.header[1]: only Authorization (Bearer or Basic) and X-Api-Key may be set; the gateway sends Host itself or not at all' });
  });
});
