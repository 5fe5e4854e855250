/**
 * Defect found by the fuzz test (content-type family at `/auth/token`): the token endpoint
 * takes `application/json` and `application/fhir+json` bodies through the FHIR body parser,
 * registered at the root in src/http/server.ts with the message limit (WASL_MAX_BODY_BYTES,
 * 10 MB by default) instead of the 64 KB form limit. So an unauthenticated client (bounded only
 * by the per-address token budget, 600 a minute by default) can make the gateway read and
 * parse megabytes of JSON per request, where every other JSON route refuses it before reading
 * the body without a token. The answer is then `400 invalid_grant` (the handler reads form
 * fields off the parsed `{ raw, parsed }` body), or an OperationOutcome (e.g.
 * `WASL_ERR_FORBIDDEN_KEY`) where the OAuth JSON shape is promised.
 *
 * Expected: a JSON body at `/auth/token` is refused before it is parsed (415
 * `WASL_ERR_MEDIA_TYPE`, the endpoint takes `application/x-www-form-urlencoded` only, RFC 6749
 * section 4.4.2), or at least held to the 64 KB form limit (413 `WASL_ERR_BODY_TOO_LARGE`).
 * Fixed: the token plugin parses forms only (src/http/plugins/token.ts), with the 64 KB limit.
 */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

describe('/auth/token with a JSON body', () => {
  const gw = useTestGateway();

  it('a 900 KB JSON body is refused unread (415 or 413), not parsed and answered invalid_grant', async () => {
    const body = JSON.stringify({ grant_type: 'client_credentials', padding: 'x'.repeat(900_000) });
    const reply = await gw.post('/auth/token', body, { 'content-type': 'application/json' });
    // Before the fix: 400 invalid_grant after parsing 900 KB.
    expect([413, 415]).toContain(reply.status);
    expect(['WASL_ERR_BODY_TOO_LARGE', 'WASL_ERR_MEDIA_TYPE']).toContain(reply.json?.code ?? reply.json?.issue?.[0]?.details?.coding?.[0]?.code);
  });

  it('a hostile JSON body is refused by media type, before any parsing (415 naming the form type)', async () => {
    const reply = await gw.post('/auth/token', '{"__proto__":{"x":1},"grant_type":"client_credentials"}', { 'content-type': 'application/json' });
    expect(reply.status).toBe(415);
    expect(reply.json.issue[0].details.coding[0].code).toBe('WASL_ERR_MEDIA_TYPE');
    expect(reply.json.issue[0].diagnostics).toContain('application/x-www-form-urlencoded');
  });
});
