/**
 * What a subscriber may add to the notifications it receives (`Subscription.channel.header`):
 * a credential for its own hook and nothing else. Any other header would let a subscriber dress
 * the gateway's POST as something it is not (`Host`, `Metadata-Flavor: Google` for a metadata
 * service, `X-Forwarded-For` for a proxy, `Content-*` for the body), so the list is closed:
 *
 * - `Authorization: Bearer <token68>` or `Authorization: Basic <token68>` (RFC 6750, RFC 7617);
 * - `X-Api-Key: <visible ASCII>`, the common API-key header of webhook receivers.
 *
 * Each at most once, one line each: CR, LF or NUL anywhere is header injection and refused.
 * Checked when subscribing and again before every delivery (records saved before this rule).
 */
export const HEADER_DENIED = 'WASL_ERR_SUBSCRIPTION_HEADER_DENIED';

/** `Name: value`, with an RFC 9110 token as the name. */
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const API_KEY = /^[\x21-\x7E]+$/;
const LINE_BREAK = /[\r\n\0]/;

/** Why `line` (the n-th of the list, with those before it in `earlier`) may not be sent, or undefined. */
export function headerRefusal(line: string, earlier: readonly string[] = []): string | undefined {
  if (LINE_BREAK.test(line)) return 'a header is one line: CR, LF and NUL are refused';
  const match = HEADER_LINE.exec(line);
  if (!match?.[1]) return 'expected "Name: value"';
  const name = match[1].toLowerCase();
  const value = match[2] ?? '';
  if (name !== 'authorization' && name !== 'x-api-key') {
    return `only Authorization (Bearer or Basic) and X-Api-Key may be set; the gateway sends ${match[1]} itself or not at all`;
  }
  if (earlier.some((other) => HEADER_LINE.exec(other)?.[1]?.toLowerCase() === name)) return `${match[1]} is given once`;
  if (name === 'x-api-key') return API_KEY.test(value) ? undefined : 'X-Api-Key is one word of visible ASCII';
  const [scheme, credentials, ...rest] = value.split(' ');
  const known = scheme !== undefined && /^(bearer|basic)$/i.test(scheme);
  return known && credentials !== undefined && rest.length === 0 && TOKEN68.test(credentials) ? undefined : 'Authorization is "Bearer <token>" or "Basic <credentials>"';
}

/** The checked lines as `[name, value]` pairs, or the first refusal. */
export function subscriberHeaders(lines: readonly string[]): { ok: true; headers: [string, string][] } | { ok: false; reason: string } {
  const headers: [string, string][] = [];
  for (const [index, line] of lines.entries()) {
    const refusal = headerRefusal(line, lines.slice(0, index));
    if (refusal) return { ok: false, reason: `channel.header[${index}]: ${refusal}` };
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { ok: true, headers };
}
