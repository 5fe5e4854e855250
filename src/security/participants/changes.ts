/**
 * What may change in a participant after it is added, and how a change is told in the ledger.
 * One vocabulary for the admin API and `wasl participant`: block and unblock set `status`;
 * set-delivery, set-limits and rotate-key are patches of one field each. The licence, its
 * system and the role never change (a different role is a different participant).
 *
 * A change's ledger detail names what changed and to what, without secrets: push endpoints
 * lose any user:password part and query, keys appear as their RFC 7638 thumbprint.
 */
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { LICENCE_SYSTEMS, type Participant } from './participant.js';

/** The fields a patch may set; values are checked by parse.ts once merged. */
export const PATCHABLE_FIELDS = ['displayName', 'credentials', 'delivery', 'limits', 'policy'] as const;
export type PatchableField = (typeof PATCHABLE_FIELDS)[number];
export const FIXED_FIELDS = ['licence', 'licenceSystem', 'role'] as const;

/** A change as asked for: raw values, validated after merging onto the current record. */
export type ParticipantPatch = { readonly [F in PatchableField | 'status']?: unknown };

/**
 * A new participant as an operator writes it: `status` active, `delivery` poll, no `limits`, and the
 * licence system of its role unless given (parse.ts refuses any other).
 */
export function withDefaults(raw: Record<string, unknown>): Record<string, unknown> {
  const { role } = raw;
  const system = typeof role === 'string' && Object.hasOwn(LICENCE_SYSTEMS, role) ? LICENCE_SYSTEMS[role as keyof typeof LICENCE_SYSTEMS] : undefined;
  return { status: 'active', delivery: { mode: 'poll' }, limits: {}, ...(system ? { licenceSystem: system } : {}), ...raw };
}

export function applyPatch(current: Participant, patch: ParticipantPatch): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(patch)) if (value !== undefined) next[field] = value;
  return next;
}

/** rotate-key: the registered public key is replaced, any certificate fingerprint kept. */
export function keyPatch(current: Participant, publicJwk: unknown): ParticipantPatch {
  return { credentials: { ...current.credentials, publicJwk } };
}

/** Fields a ledger detail never spells out: the licence is the entry's subject, names are not facts. */
const UNTOLD = new Set(['licence', 'licenceSystem', 'displayName']);

/** The ledger detail of a new participant: every fact about it, as `path value` parts. */
export function describeAdded(participant: Participant): string {
  const facts = flatten(participant);
  return ['added', ...[...facts].filter(([path]) => !UNTOLD.has(path)).map(([path, value]) => `${path} ${value}`)].join('; ');
}

/**
 * The ledger detail of a change: one `path before -> after` part per fact that differs (fields
 * added to the record later are told the same way), `''` when nothing does.
 */
export function describeChange(before: Participant, after: Participant): string {
  const [from, to] = [flatten(before), flatten(after)];
  const paths = [...new Set([...from.keys(), ...to.keys()])].sort();
  return paths
    .filter((path) => from.get(path) !== to.get(path))
    .map((path) => (path === 'displayName' ? 'displayName changed' : `${path} ${from.get(path) ?? 'none'} -> ${to.get(path) ?? 'none'}`))
    .join('; ');
}

/** A record as `path → text`: keys as thumbprints, endpoints redacted, lists joined. */
function flatten(participant: Participant): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string): void => {
    if (value === undefined) return;
    if (path === 'credentials.publicJwk') out.set(path, keyText(value as JWK));
    else if (path === 'delivery.endpoint') out.set(path, redactedUrl(String(value)));
    else if (Array.isArray(value)) out.set(path, value.length === 0 ? 'none' : value.map(String).join(','));
    else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    else out.set(path, String(value));
  };
  walk(participant, '');
  return out;
}

/** RFC 7638 thumbprint (SHA-256, base64url) of a public key, or `none`. */
export function keyText(jwk: JWK | undefined): string {
  if (!jwk) return 'none';
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return `sha256:${createHash('sha256').update(JSON.stringify(members)).digest('base64url')}`;
}

/** An endpoint as the ledger may keep it: no credentials in its user part, no query (tokens live there). */
function redactedUrl(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
