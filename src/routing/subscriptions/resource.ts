/**
 * Reading a participant's R4 `Subscription` (backport conventions, STU 1.1) into what the
 * gateway needs to notify it, and rendering the stored one back. Every problem is collected as a
 * finding with the FHIRPath of the element at fault; the caller decides once (STYLE rule 4).
 *
 * What Wasl accepts: `criteria` = its `queued-messages` topic; optionally a
 * `backport-filter-criteria` of `recipient=<licence>` that must be the caller's own licence;
 * `channel.type = rest-hook` with an http(s) `endpoint` the endpoint guard lets through (no
 * loopback, private, link-local or reserved address unless the operator allows it);
 * `channel.header` as `Name: value`, a credential for the hook only (headers.ts);
 * `channel.payload = application/fhir+json` whose `backport-payload-content` is `empty` (the
 * default) or `id-only`. `full-resource` is refused: queued messages are signed bytes handed out
 * under a lease by poll-request, and a copy pushed outside that path could never be acknowledged.
 */
import { error, type Finding } from '../../findings/finding.js';
import { asArray, asObject, asString, type JsonObject } from '../../fhir/json.js';
import { LICENCE_PATTERN } from '../../security/participants/parse.js';
import type { SubscriptionRecord } from '../../store/ports.js';
import { FILTER_CRITERIA_URL, NOTIFICATION_MEDIA_TYPE, PAYLOAD_CONTENT_URL, type SubscriptionAddresses } from './conventions.js';
import { ENDPOINT_DENIED, type EndpointGuard } from './endpoint-guard.js';
import { HEADER_DENIED, headerRefusal } from './headers.js';

export const SUBSCRIPTION_INVALID = 'WASL_ERR_SUBSCRIPTION_INVALID';
export const SUBSCRIPTION_FOREIGN_QUEUE = 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE';

export type PayloadContent = SubscriptionRecord['content'];

/** What a valid Subscription asks for, ready to become a `SubscriptionRecord`. */
export interface SubscriptionRequest {
  readonly endpoint: string;
  readonly headers: readonly string[];
  readonly content: PayloadContent;
  /** The submitted resource, kept to be read back (its id and status are the gateway's). */
  readonly resource: JsonObject;
}

export type SubscriptionParse = { ok: true; value: SubscriptionRequest } | { ok: false; findings: Finding[] };

const MAX_HEADERS = 10;
const MAX_HEADER_CHARS = 4096;
const MAX_ENDPOINT_CHARS = 2048;
const CREATE_STATUSES = new Set(['requested', 'active']);
const CONTENTS: ReadonlySet<string> = new Set<PayloadContent>(['empty', 'id-only']);

/**
 * Which endpoint hosts a subscription may name (WASL_SUBSCRIPTION_HOSTS): exact names or `*.suffix`.
 * Unset, any host is allowed (development); in production a list keeps subscribers from making the
 * gateway call hosts it should not (internal services, cloud metadata addresses).
 */
export type EndpointHosts = readonly string[] | undefined;

export function hostAllowed(hostname: string, allowed: EndpointHosts): boolean {
  if (allowed === undefined) return true;
  const host = hostname.toLowerCase();
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p;
  });
}

export interface SubscriptionPolicy {
  /** Decides, by resolving the host, whether the endpoint may be reached at all. */
  readonly guard: Pick<EndpointGuard, 'check'>;
  /** WASL_SUBSCRIPTION_HOSTS; undefined: any host the guard lets through. */
  readonly allowedHosts?: EndpointHosts;
}

export async function parseSubscription(body: unknown, caller: string, addresses: SubscriptionAddresses, policy: SubscriptionPolicy): Promise<SubscriptionParse> {
  const findings: Finding[] = [];
  const invalid = (expression: string | undefined, diagnostics: string) => findings.push(error(SUBSCRIPTION_INVALID, expression, diagnostics));

  const resource = asObject(body);
  if (!resource || resource.resourceType !== 'Subscription') {
    invalid(undefined, 'expected a Subscription resource');
    return { ok: false, findings };
  }
  if (resource.status !== undefined && !CREATE_STATUSES.has(String(resource.status))) {
    invalid('Subscription.status', 'a new Subscription is "requested" (or "active"); the gateway sets its status');
  }
  readCriteria(resource, caller, addresses, findings);

  const channel = asObject(resource.channel);
  if (!channel) {
    invalid('Subscription.channel', 'a channel is required');
    return { ok: false, findings: forbiddenFirst(findings) };
  }
  if (channel.type !== 'rest-hook') invalid('Subscription.channel.type', 'only the rest-hook channel is offered');
  const endpoint = await checkEndpoint(readEndpoint(channel.endpoint, invalid), policy, findings);
  const headers = readHeaders(channel.header, findings);
  const content = readContent(channel, invalid);

  if (findings.length > 0 || endpoint === undefined || content === undefined) return { ok: false, findings: forbiddenFirst(findings) };
  return { ok: true, value: { endpoint, headers, content, resource } };
}

/**
 * The Subscription as read back to its owner: what it submitted, with the gateway's id and the
 * current status (the notifier moves it between `active` and `error`).
 */
export function renderSubscription(record: SubscriptionRecord): JsonObject {
  const resource = JSON.parse(record.resource) as JsonObject;
  return { ...resource, id: record.id, status: record.status };
}

/** The resource to store: the submitted one with the gateway's id; status is filled on read. */
export function storedResource(request: SubscriptionRequest, id: string): string {
  const { id: _ignored, status: _status, ...rest } = request.resource;
  return JSON.stringify({ resourceType: 'Subscription', id, ...rest });
}

function readCriteria(resource: JsonObject, caller: string, addresses: SubscriptionAddresses, findings: Finding[]): void {
  const criteria = asString(resource.criteria);
  if (criteria?.replace(/\/+$/, '') !== addresses.topic) {
    findings.push(error(SUBSCRIPTION_INVALID, 'Subscription.criteria', `criteria must be the topic ${addresses.topic}`));
  }
  // R4 JSON puts a primitive's extensions under `_criteria` (FHIR R4 section 2.6.2.3); FHIRPath does not.
  asArray(asObject(resource._criteria)?.extension).forEach((raw, index) => {
    const extension = asObject(raw);
    if (extension?.url !== FILTER_CRITERIA_URL) return;
    const expression = `Subscription.criteria.extension[${index}].valueString`;
    const filter = parseFilter(asString(extension.valueString));
    if (!filter) {
      findings.push(error(SUBSCRIPTION_INVALID, expression, 'the only filter is recipient=<your licence>'));
    } else if (filter.recipient !== caller) {
      findings.push(error(SUBSCRIPTION_FOREIGN_QUEUE, expression, `${caller} may not watch the queue of ${filter.recipient}`));
    }
  });
}

/** `recipient=<licence>`, optionally search-style as `Bundle?recipient=<licence>`. */
function parseFilter(value: string | undefined): { recipient: string } | undefined {
  const match = value === undefined ? null : /^(?:Bundle\?)?recipient=(\S+)$/.exec(value.trim());
  return match?.[1] && LICENCE_PATTERN.test(match[1]) ? { recipient: match[1] } : undefined;
}

function readEndpoint(raw: unknown, invalid: (expression: string, diagnostics: string) => void): string | undefined {
  const text = asString(raw);
  const url = text !== undefined && text.length <= MAX_ENDPOINT_CHARS && URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    invalid('Subscription.channel.endpoint', 'the endpoint must be an absolute http or https URL');
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    invalid('Subscription.channel.endpoint', 'put credentials in channel.header, not in the endpoint URL');
    return undefined;
  }
  return url.href;
}

/**
 * The endpoint's host must be among WASL_SUBSCRIPTION_HOSTS when that is set, and every address it
 * resolves to must pass the guard. A name that does not resolve now is not refused: the handshake
 * fails and the subscription starts in `error`, as for any endpoint that does not answer.
 */
async function checkEndpoint(endpoint: string | undefined, policy: SubscriptionPolicy, findings: Finding[]): Promise<string | undefined> {
  if (endpoint === undefined) return undefined;
  const expression = 'Subscription.channel.endpoint';
  if (!hostAllowed(new URL(endpoint).hostname, policy.allowedHosts)) {
    findings.push(error(SUBSCRIPTION_INVALID, expression, 'the endpoint host is not among the hosts this hub notifies (WASL_SUBSCRIPTION_HOSTS)'));
    return undefined;
  }
  const checked = await policy.guard.check(endpoint);
  if (checked.kind === 'denied') {
    findings.push(error(ENDPOINT_DENIED, expression, checked.reason));
    return undefined;
  }
  return endpoint;
}

function readHeaders(raw: unknown, findings: Finding[]): string[] {
  const invalid = (expression: string, diagnostics: string) => findings.push(error(SUBSCRIPTION_INVALID, expression, diagnostics));
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    invalid('Subscription.channel.header', 'header is a list of "Name: value" strings');
    return [];
  }
  if (raw.length > MAX_HEADERS) invalid('Subscription.channel.header', `at most ${MAX_HEADERS} headers`);
  const headers: string[] = [];
  raw.forEach((value, index) => {
    const expression = `Subscription.channel.header[${index}]`;
    if (typeof value !== 'string' || value.length > MAX_HEADER_CHARS) return invalid(expression, `expected "Name: value" of at most ${MAX_HEADER_CHARS} characters`);
    const refusal = headerRefusal(value, raw.slice(0, index).filter((earlier): earlier is string => typeof earlier === 'string'));
    if (refusal) return findings.push(error(HEADER_DENIED, expression, refusal));
    const colon = value.indexOf(':');
    headers.push(`${value.slice(0, colon).trim()}: ${value.slice(colon + 1).trim()}`);
  });
  return headers;
}

/**
 * R4 has no content element: the backport carries it as an extension on `channel.payload`. No
 * payload at all means an empty notification (R4 Subscription.channel.payload definition).
 */
function readContent(channel: JsonObject, invalid: (expression: string, diagnostics: string) => void): PayloadContent | undefined {
  if (channel.payload === undefined) return 'empty';
  if (channel.payload !== NOTIFICATION_MEDIA_TYPE) {
    invalid('Subscription.channel.payload', `notifications are sent as ${NOTIFICATION_MEDIA_TYPE}`);
    return undefined;
  }
  let content: PayloadContent = 'empty';
  let ok = true;
  asArray(asObject(channel._payload)?.extension).forEach((raw, index) => {
    const extension = asObject(raw);
    if (extension?.url !== PAYLOAD_CONTENT_URL) return;
    const code = asString(extension.valueCode);
    if (code !== undefined && CONTENTS.has(code)) {
      content = code as PayloadContent;
      return;
    }
    ok = false;
    invalid(`Subscription.channel.payload.extension[${index}].valueCode`, 'payload content is "empty" or "id-only"; messages themselves are fetched with poll-request');
  });
  return ok ? content : undefined;
}

/** A refusal to watch someone else's queue decides the status (403), whatever else is wrong. */
function forbiddenFirst(findings: Finding[]): Finding[] {
  return [...findings.filter((f) => f.code === SUBSCRIPTION_FOREIGN_QUEUE), ...findings.filter((f) => f.code !== SUBSCRIPTION_FOREIGN_QUEUE)];
}
