/**
 * The authorization matrix as data (issue 9, "Hardening": each role × each route and each event ×
 * own and another participant's resources). The test asserts every cell of these tables against
 * one real gateway, and the README's "Who may do what" section is rendered from them, so the
 * documentation cannot drift from what is asserted.
 *
 * Nothing here touches a gateway: requests are built and sent by the test; this module says who
 * calls, what each call is and what it must get.
 */
import { loadConfig } from '../../../src/config.js';
import { EventCatalogue, type Addressee, type EventDefinition, type ParticipantRole } from '../../../src/fhir/events.js';

export type CallerId = 'provider' | 'payer' | 'regulator' | 'admin' | 'blocked-provider' | 'blocked-payer' | 'none' | 'garbage' | 'forged' | 'metrics-secret';

export interface Caller {
  readonly id: CallerId;
  /** README label. */
  readonly label: string;
  /** What the request carries in `Authorization`. */
  readonly credential: 'token' | 'none' | 'garbage' | 'metrics-secret';
  /** Whose access token (and client assertion) the caller presents. */
  readonly tokenOf?: string;
  /** The licence its messages name as MessageHeader.sender. */
  readonly sender: string;
  /** The role its token is of (undefined: no valid token). */
  readonly role?: ParticipantRole;
}

export const CALLERS: readonly Caller[] = [
  { id: 'provider', label: 'provider `N-F-00001`', credential: 'token', tokenOf: 'N-F-00001', sender: 'N-F-00001', role: 'provider' },
  { id: 'payer', label: 'payer `N-I-00001`', credential: 'token', tokenOf: 'N-I-00001', sender: 'N-I-00001', role: 'payer' },
  { id: 'regulator', label: 'regulator `REG-CHI`', credential: 'token', tokenOf: 'REG-CHI', sender: 'REG-CHI', role: 'regulator' },
  { id: 'admin', label: 'admin `ADMIN-OPS`', credential: 'token', tokenOf: 'ADMIN-OPS', sender: 'ADMIN-OPS', role: 'admin' },
  { id: 'blocked-provider', label: 'blocked provider `N-F-BLOCKED`', credential: 'token', tokenOf: 'N-F-BLOCKED', sender: 'N-F-BLOCKED', role: 'provider' },
  { id: 'blocked-payer', label: 'blocked payer `N-I-BLOCKED`', credential: 'token', tokenOf: 'N-I-BLOCKED', sender: 'N-I-BLOCKED', role: 'payer' },
  { id: 'none', label: 'no credential', credential: 'none', sender: 'N-F-00001' },
  { id: 'garbage', label: 'a garbage bearer token', credential: 'garbage', sender: 'N-F-00001' },
  { id: 'forged', label: "`N-F-00002`'s token, MessageHeader.sender `N-F-00001`", credential: 'token', tokenOf: 'N-F-00002', sender: 'N-F-00001', role: 'provider' },
  { id: 'metrics-secret', label: 'the `WASL_METRICS_TOKEN` secret', credential: 'metrics-secret', sender: 'N-F-00001' },
];

/** The participant whose subscription every caller tries to read, $status and delete ("another participant's"). */
export const VICTIM = 'N-F-00003';

export interface Cell {
  readonly status: number;
  /** The code of a refusal: the OperationOutcome's first issue, or the OAuth answer's `code`. */
  readonly code?: string;
  /** A 200 whose answer message is an error (level 2): the official code it must carry. */
  readonly finding?: string;
}

/** What a route's request carries (the test builds it for the caller). */
export type RequestBody = 'none' | 'poll' | 'sample' | 'subscription' | 'foreign-subscription' | 'token-form';

export interface RouteColumn {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `{own}`: a subscription the caller created in the `POST /Subscription` column; `{other}`: the victim's. */
  readonly path: string;
  readonly body: RequestBody;
  /** The README column this route is shown in (routes of one group must agree on every row). */
  readonly group: string;
  readonly expected: Readonly<Record<CallerId, Cell>>;
}

const ok = (status = 200): Cell => ({ status });
const refused = (status: number, code: string): Cell => ({ status, code });

const UNAUTHENTICATED = refused(401, 'WASL_ERR_UNAUTHENTICATED');

function everyone(cell: Cell): Record<CallerId, Cell> {
  return Object.fromEntries(CALLERS.map((c) => [c.id, cell])) as Record<CallerId, Cell>;
}

/**
 * A route behind the authentication hook: blocked participants are refused with their role's code
 * whatever they ask, anything that is not a gateway access token is 401.
 */
function authenticated(cells: Record<'provider' | 'payer' | 'regulator' | 'admin' | 'forged', Cell>): Record<CallerId, Cell> {
  return {
    ...cells,
    'blocked-provider': refused(403, 'GE-00030'),
    'blocked-payer': refused(403, 'GE-00029'),
    none: UNAUTHENTICATED,
    garbage: UNAUTHENTICATED,
    'metrics-secret': UNAUTHENTICATED,
  };
}

const PUBLIC = "public: `/healthz` `/readyz` `[/fhir]/metadata` `/.well-known/*`";
const PROCESS = '`POST [/fhir]/$process-message` (a poll)';
const VALIDATE = '`POST [/fhir]/$validate`';
const LIST = '`GET [/fhir]/Subscription`';
const OWN = '`GET /Subscription/:id`, `…/$status` (own)';
const OTHERS = "`GET`, `DELETE /Subscription/:id`, `…/$status` (another's)";
const UNKNOWN = 'unknown route';

const SUBSCRIBER = authenticated({ provider: ok(), payer: ok(), regulator: ok(), admin: ok(), forged: ok() });
const NOT_YOURS = refused(404, 'WASL_ERR_UNKNOWN_SUBSCRIPTION');

export const ROUTES: readonly RouteColumn[] = [
  { id: 'healthz', method: 'GET', path: '/healthz', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  { id: 'readyz', method: 'GET', path: '/readyz', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  { id: 'metadata', method: 'GET', path: '/metadata', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  { id: 'fhir-metadata', method: 'GET', path: '/fhir/metadata', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  { id: 'jwks', method: 'GET', path: '/.well-known/jwks.json', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  { id: 'smart-configuration', method: 'GET', path: '/.well-known/smart-configuration', body: 'none', group: PUBLIC, expected: everyone(ok()) },
  {
    id: 'metrics',
    method: 'GET',
    path: '/metrics',
    body: 'none',
    group: '`GET /metrics`',
    expected: {
      ...authenticated({
        provider: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
        payer: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
        regulator: ok(),
        admin: ok(),
        forged: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
      }),
      'metrics-secret': ok(),
    },
  },
  {
    // The sector's figures: the regulator only (issue 15); the forged row holds a provider's token.
    id: 'reports-compliance',
    method: 'GET',
    path: '/reports/compliance?from=2026-01-01&to=2026-01-31',
    body: 'none',
    group: '`GET /reports/compliance`',
    expected: authenticated({
      provider: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
      payer: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
      regulator: ok(),
      admin: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
      forged: refused(403, 'WASL_ERR_FORBIDDEN_ROLE'),
    }),
  },
  {
    // Everyone's own figures, whoever the token names (the forged row gets N-F-00002's).
    id: 'reports-mine',
    method: 'GET',
    path: '/reports/mine?from=2026-01-01&to=2026-01-31',
    body: 'none',
    group: '`GET /reports/mine` (own figures only)',
    expected: authenticated({ provider: ok(), payer: ok(), regulator: ok(), admin: ok(), forged: ok() }),
  },
  {
    // The caller's own signed client assertion (the forged row: N-F-00001's licence signed with
    // N-F-00002's key); blocked participants still prove who they are (README, Decisions).
    id: 'token',
    method: 'POST',
    path: '/auth/token',
    body: 'token-form',
    group: '`POST /auth/token`',
    expected: {
      provider: ok(),
      payer: ok(),
      regulator: ok(),
      admin: ok(),
      'blocked-provider': ok(),
      'blocked-payer': ok(),
      none: refused(400, 'WASL_ERR_INVALID_GRANT'),
      garbage: refused(401, 'WASL_ERR_INVALID_CLIENT'),
      forged: refused(401, 'WASL_ERR_INVALID_CLIENT'),
      'metrics-secret': refused(401, 'WASL_ERR_INVALID_CLIENT'),
    },
  },
  ...['/$process-message', '/fhir/$process-message'].map(
    (path): RouteColumn => ({
      id: `poll ${path}`,
      method: 'POST',
      path,
      body: 'poll',
      group: PROCESS,
      expected: authenticated({
        provider: ok(),
        payer: ok(),
        regulator: refused(403, 'BV-00545'),
        admin: refused(403, 'BV-00545'),
        forged: refused(403, 'GE-00020'),
      }),
    }),
  ),
  ...['/$validate', '/fhir/$validate'].map(
    (path): RouteColumn => ({ id: `validate ${path}`, method: 'POST', path, body: 'sample', group: VALIDATE, expected: SUBSCRIBER }),
  ),
  {
    id: 'subscription-create',
    method: 'POST',
    path: '/Subscription',
    body: 'subscription',
    group: '`POST /Subscription` (own queue)',
    expected: authenticated({ provider: ok(201), payer: ok(201), regulator: ok(201), admin: ok(201), forged: ok(201) }),
  },
  {
    // criteria narrowed (backport filter) to `recipient=N-F-00003`: a watch on another's queue.
    id: 'subscription-create-foreign',
    method: 'POST',
    path: '/Subscription',
    body: 'foreign-subscription',
    group: "`POST /Subscription` (another's queue)",
    expected: authenticated({
      provider: refused(403, 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE'),
      payer: refused(403, 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE'),
      regulator: refused(403, 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE'),
      admin: refused(403, 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE'),
      forged: refused(403, 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE'),
    }),
  },
  { id: 'subscription-list', method: 'GET', path: '/Subscription', body: 'none', group: LIST, expected: SUBSCRIBER },
  { id: 'subscription-list-fhir', method: 'GET', path: '/fhir/Subscription', body: 'none', group: LIST, expected: SUBSCRIBER },
  { id: 'subscription-read-own', method: 'GET', path: '/Subscription/{own}', body: 'none', group: OWN, expected: SUBSCRIBER },
  { id: 'subscription-status-own', method: 'GET', path: '/Subscription/{own}/$status', body: 'none', group: OWN, expected: SUBSCRIBER },
  ...(
    [
      ['subscription-read-other', 'GET', '/Subscription/{other}'],
      ['subscription-status-other', 'GET', '/Subscription/{other}/$status'],
      ['subscription-delete-other', 'DELETE', '/Subscription/{other}'],
    ] as const
  ).map(
    ([id, method, path]): RouteColumn => ({
      id,
      method,
      path,
      body: 'none',
      group: OTHERS,
      expected: authenticated({ provider: NOT_YOURS, payer: NOT_YOURS, regulator: NOT_YOURS, admin: NOT_YOURS, forged: NOT_YOURS }),
    }),
  ),
  {
    id: 'subscription-delete-own',
    method: 'DELETE',
    path: '/Subscription/{own}',
    body: 'none',
    group: '`DELETE /Subscription/:id` (own)',
    expected: authenticated({ provider: ok(204), payer: ok(204), regulator: ok(204), admin: ok(204), forged: ok(204) }),
  },
  { id: 'unknown-get', method: 'GET', path: '/no-such-route', body: 'none', group: UNKNOWN, expected: everyone(refused(404, 'WASL_ERR_NOT_FOUND')) },
  { id: 'unknown-post', method: 'POST', path: '/Claim', body: 'sample', group: UNKNOWN, expected: everyone(refused(404, 'WASL_ERR_NOT_FOUND')) },
];

// ----- events × callers ($process-message), derived from events.json -----------------------------

export const EVENTS: readonly EventDefinition[] = EventCatalogue.load(loadConfig({}).schemasDir).all();

/**
 * What `$process-message` answers a caller sending `event` (MessageHeader.sender = its `sender`,
 * addressed to a participant that receives the event). 200 means processed: the answer is the
 * event's response message (level 2 may still list findings).
 */
export function eventCell(event: EventDefinition, caller: Caller): Cell {
  switch (caller.id) {
    case 'none':
    case 'garbage':
    case 'metrics-secret':
      return UNAUTHENTICATED;
    case 'blocked-provider':
      return refused(403, 'GE-00030');
    case 'blocked-payer':
      return refused(403, 'GE-00029');
    case 'forged':
      return refused(403, 'GE-00020');
    default:
      return event.sentBy.includes(caller.role!) ? ok() : refused(403, 'BV-00545');
  }
}

/** An addressee of each kind, for the `receivedBy` cells (never the sender itself). */
export const ADDRESSEES: readonly { readonly kind: Addressee | 'blocked'; readonly label: string }[] = [
  { kind: 'provider', label: 'a provider (`N-F-00002`)' },
  { kind: 'payer', label: 'a payer (`INS-FHIR`)' },
  { kind: 'regulator', label: 'the regulator (`REG-CHI`)' },
  { kind: 'admin', label: 'an admin (`ADMIN-OPS`)' },
  { kind: 'gateway', label: 'the gateway (`NPHIES`)' },
  { kind: 'blocked', label: 'a blocked participant of a receiving role' },
];

export const ADDRESSEE_LICENCE: Readonly<Record<Addressee, string>> = {
  provider: 'N-F-00002',
  payer: 'INS-FHIR',
  regulator: 'REG-CHI',
  admin: 'ADMIN-OPS',
  gateway: 'NPHIES',
};

/** The blocked participant of a role that receives the event (none when only the gateway does). */
export function blockedAddressee(event: EventDefinition): string | undefined {
  if (event.receivedBy.includes('provider')) return 'N-F-BLOCKED';
  if (event.receivedBy.includes('payer')) return 'N-I-BLOCKED';
  return undefined;
}

/**
 * What an allowed sender gets when it addresses `event` to `kind`: processed, or GE-00015 (404).
 * A poll-request is answered from the caller's own queue before any addressee is looked up, so one
 * addressed to anyone but the gateway is refused by validation instead: the official BV-00456
 * ("Message receiver must be NPHIES when message is either a poll request or a payment notice")
 * in a failed poll-response Task, and nothing is leased.
 */
export function addresseeCell(event: EventDefinition, kind: Addressee | 'blocked'): Cell {
  if (kind !== 'blocked' && event.receivedBy.includes(kind)) return ok();
  return event.kind === 'poll' ? { status: 200, finding: 'BV-00456' } : refused(404, 'GE-00015');
}

/** The sender of the `receivedBy` cells: an active participant of the event's first sending role. */
export function senderOf(event: EventDefinition): Caller {
  const role = event.sentBy[0];
  return CALLERS.find((c) => c.id === role)!;
}

// ----- own and another participant's resources -----------------------------------------------

export interface OwnershipCase {
  readonly id: string;
  readonly what: string;
  readonly answer: string;
}

export const OWNERSHIP: readonly OwnershipCase[] = [
  { id: 'poll-isolation', what: "`N-F-00002` polls (count 100) while `N-F-00001`'s queue holds messages", answer: 'its own messages only; none of `N-F-00001`\'s' },
  { id: 'payer-poll-isolation', what: "`INS-FHIR` polls while `N-I-00001`'s queue holds a claim", answer: "its own messages only; none of `N-I-00001`'s" },
  { id: 'ack-other', what: "`N-F-00002` acknowledges the Bundle.id of a message queued for `N-F-00001`", answer: "200; nothing leaves `N-F-00001`'s queue, which still delivers it" },
  { id: 'answer-other-payer', what: "`INS-FHIR` answers a claim `N-F-00001` sent to `N-I-00001`", answer: '200 `acknowledgement` fatal-error `BV-00447`; the provider receives nothing and `N-I-00001` can still answer' },
  { id: 'answer-other-provider', what: "`N-I-00001` answers `N-F-00001`'s request but addresses the answer to `N-F-00002`", answer: '200 `acknowledgement` fatal-error `BV-00175`; `N-F-00002` receives nothing' },
  { id: 'notice-other', what: "`N-F-00001` sends a payment-notice naming the PaymentReconciliation `N-I-00001` sent to `N-F-00003`", answer: '200 `acknowledgement`, recorded, but not forwarded to the payer (the same notice from `N-F-00003` is)' },
  { id: 'status-other', what: "`N-F-00001` sends a status-check for `N-F-00002`'s claim", answer: '200 `status-response`, Task failed, `BV-00459`' },
  { id: 'cancel-other', what: "`N-F-00001` cancels `N-F-00002`'s claim", answer: '200 `cancel-response`, Task failed, `BV-00222`' },
  { id: 'nullify-other', what: "`N-F-00001` nullifies `N-F-00002`'s claim", answer: '200 `cancel-response`, Task failed, `BV-00141`' },
  { id: 'subscription-other', what: "any caller reads, `$status`es or deletes `N-F-00003`'s Subscription", answer: '404 `WASL_ERR_UNKNOWN_SUBSCRIPTION`, the same answer as for an id that does not exist; the subscription is untouched and never listed' },
];

// ----- the README section --------------------------------------------------------------------

export function renderCell(cell: Cell): string {
  if (cell.finding !== undefined) return `${cell.status}, error \`${cell.finding}\``;
  return cell.code === undefined ? String(cell.status) : `${cell.status} \`${cell.code}\``;
}

/** Route groups in order, each with its routes; routes of one group must agree on every caller. */
export function routeGroups(): { label: string; routes: RouteColumn[] }[] {
  const groups: { label: string; routes: RouteColumn[] }[] = [];
  for (const route of ROUTES) {
    const group = groups.find((g) => g.label === route.group);
    if (group) group.routes.push(route);
    else groups.push({ label: route.group, routes: [route] });
  }
  for (const group of groups) {
    for (const caller of CALLERS) {
      const cells = new Set(group.routes.map((r) => renderCell(r.expected[caller.id])));
      if (cells.size > 1) throw new Error(`README column ${group.label} disagrees for ${caller.id}: ${[...cells].join(' / ')}`);
    }
  }
  return groups;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderRouteTable(): string {
  const groups = routeGroups();
  return table(
    ['caller', ...groups.map((g) => g.label)],
    CALLERS.map((caller) => [caller.label, ...groups.map((g) => renderCell(g.routes[0]!.expected[caller.id]))]),
  );
}

const ROLES: readonly Addressee[] = ['provider', 'payer', 'regulator', 'admin', 'gateway'];

export function renderEventTable(): string {
  return table(
    ['event', ...ROLES],
    EVENTS.map((event) => [
      `\`${event.code}\``,
      ...ROLES.map((role) => {
        const can = [role !== 'gateway' && event.sentBy.includes(role) ? 'sends' : undefined, event.receivedBy.includes(role) ? 'receives' : undefined].filter(Boolean);
        return can.length === 0 ? '—' : can.join(', ');
      }),
    ]),
  );
}

export function renderOwnershipTable(): string {
  return table(['request', 'answer'], OWNERSHIP.map((c) => [c.what, c.answer]));
}
