/**
 * The request bodies of the load, pre-generated before it starts so that little JSON work runs in
 * the load generator while it measures.
 *
 * Mix (share of valid messages, `MIX`): eligibility, prior authorization and claims of every type
 * the official samples hold (institutional, professional, dental, vision, shadow billing), each
 * spread evenly over its samples; a provider's unsolicited Communication; status checks and
 * cancel requests, each about a claim or prior authorization this run already had accepted. Plus
 * invalid messages (a Claim whose `use` is not a code) and duplicates (byte-identical resends of a
 * message the gateway already accepted).
 *
 * Every valid body has a fresh Bundle.id, MessageHeader.id and Claim.identifier: reusing them
 * would make it an idempotent resend. When a long run exhausts the pool, the gateway feed
 * re-renders each body with new ids as it comes round again (a string splice, microseconds).
 * The pool starts with one message of every template, so the warm-up covers every kind.
 */
import { randomUUID } from 'node:crypto';
import { manifest, sample, taskFor } from '../test/support/samples.js';

export type Kind = 'valid' | 'invalid' | 'duplicate';
export type Category = 'eligibility' | 'priorauth' | 'claim' | 'communication' | 'status' | 'cancel';

/** Share of each category among valid messages. */
export const MIX: Readonly<Record<Category, number>> = { eligibility: 0.25, priorauth: 0.25, claim: 0.32, communication: 0.06, status: 0.06, cancel: 0.06 };

/** Categories whose message acts on an earlier claim or prior authorization (Task.focus). */
export const TASK_CATEGORIES: ReadonlySet<Category> = new Set(['status', 'cancel']);

const CATEGORY_OF: Readonly<Record<string, Category>> = {
  'eligibility-request': 'eligibility',
  'priorauth-request': 'priorauth',
  'claim-request': 'claim',
  communication: 'communication',
};

/** Official samples the gateway rejects on purpose: they break the FHIR R4 schema (README, decisions on the samples). */
export const SKIPPED_SAMPLES: ReadonlySet<string> = new Set(['9-claim-pharmacy-request.json', '13a-payment-reconciliation.json']);
/** A solicited Communication answers a CommunicationRequest the payer sent first; the unsolicited one (18c) stands alone. */
const SOLICITED = '18b-communication-response-solicited.json';
const TASK_SAMPLES: Readonly<Record<'status' | 'cancel', '9b-statuscheck-request.json' | '17a-cancel-request.json'>> = {
  status: '9b-statuscheck-request.json',
  cancel: '17a-cancel-request.json',
};

/** Duplicates and tasks refer to an original at least this many pool positions back, so it has usually been answered already. */
const MIN_DUPLICATE_GAP = 50;
const MAX_DUPLICATE_GAP = 500;

const BUNDLE_MARK = '__wasl_bench_bundle_id__';
const HEADER_MARK = '__wasl_bench_header_id__';
const CLAIM_MARK = '__wasl_claim_id__';
const TASK_MARK = '__wasl_task_id__';

export interface Rendered {
  readonly body: Buffer;
  /** MessageHeader.id: the payer's answer names it in `MessageHeader.response.identifier`. */
  readonly headerId: string;
  /** What replaced the claim marker in Claim.identifier (claims and prior authorizations). */
  readonly claimKey: string;
}

export interface Template {
  readonly file: string;
  readonly category: Category;
  readonly sender: string;
  /** MessageHeader.destination receiver: the payer that must answer. */
  readonly receiver: string;
  readonly broken: boolean;
  /** The sample as JSON text with fresh Bundle.id and MessageHeader.id. */
  render(): Rendered;
  /** Claims and prior authorizations: a status check or cancel request about the one rendered with `claimKey`. */
  readonly task?: Readonly<Record<'status' | 'cancel', (claimKey: string) => Rendered>>;
}

export interface PoolEntry {
  readonly index: number;
  readonly kind: Kind;
  readonly category: Category;
  sender: string;
  /** Valid and invalid entries (not tasks): how to re-render with new ids. */
  readonly template: Template | undefined;
  /** Duplicates: the pool index of the original they resend. Tasks: the claim they act on. */
  readonly original: number | undefined;
  body: Buffer;
  headerId: string;
  claimKey: string;
  /** How many times the gateway feed has come round to this entry (0 = as generated). */
  epoch: number;
  /** The gateway accepted `body` (a duplicate may now resend it). */
  accepted: boolean;
  /** A cancel request about this claim was sent this epoch (it is not cancelled twice). */
  cancelled: boolean;
}

export interface PoolSummary {
  readonly size: number;
  readonly kinds: Record<Kind, number>;
  readonly categories: Record<Category, number>;
  readonly samples: number;
  readonly senders: string[];
  /** Messages per receiver (duplicates excluded): how the payers share the traffic. */
  readonly receivers: Record<string, number>;
  readonly meanBodyBytes: number;
}

export function loadTemplates(): Template[] {
  const templates: Template[] = [];
  for (const row of manifest()) {
    const category = CATEGORY_OF[row.event];
    if (!category || SKIPPED_SAMPLES.has(row.file) || row.file === SOLICITED) continue;
    const json = sample(row.file).json;
    templates.push(template(row.file, category, json, false));
    // Claims and prior authorizations also serve as invalid messages: Claim.use is not a code.
    if (category === 'claim' || category === 'priorauth') templates.push(template(row.file, category, json, true));
  }
  return templates;
}

function marked(json: Record<string, any>): Record<string, any> {
  const copy = structuredClone(json);
  copy.id = BUNDLE_MARK;
  const header = copy.entry[0].resource;
  // BV-00207: the MessageHeader's fullUrl carries its id, so both take the same fresh id.
  if (typeof copy.entry[0].fullUrl === 'string') copy.entry[0].fullUrl = copy.entry[0].fullUrl.replace(header.id, HEADER_MARK);
  header.id = HEADER_MARK;
  return copy;
}

function renderer(file: string, copy: Record<string, any>): (claimKey?: string) => Rendered {
  const text = JSON.stringify(copy);
  if (text.split(BUNDLE_MARK).length !== 2 || text.split(HEADER_MARK).length > 3) throw new Error(`${file}: ids are not unique markers`);
  return (given) => {
    const headerId = randomUUID();
    const claimKey = given ?? headerId.slice(0, 13);
    return { body: Buffer.from(text.replace(BUNDLE_MARK, randomUUID()).replaceAll(HEADER_MARK, headerId).replaceAll(CLAIM_MARK, claimKey).replaceAll(TASK_MARK, headerId.slice(0, 13))), headerId, claimKey };
  };
}

function template(file: string, category: Category, json: Record<string, any>, broken: boolean): Template {
  const copy = marked(json);
  const header = copy.entry[0].resource;
  // A Claim.identifier already accepted gets that claim's answer back (SPEC section 6): each
  // rendering is a new claim, so it gets a business identifier of its own too.
  for (const entry of copy.entry) {
    if (entry.resource?.resourceType !== 'Claim') continue;
    for (const identifier of entry.resource.identifier ?? []) if (typeof identifier.value === 'string') identifier.value = `${identifier.value}-${CLAIM_MARK}`;
  }
  if (broken) {
    const focus = header.focus?.[0]?.reference;
    const claim = copy.entry.find((e: any) => e.fullUrl === focus)?.resource;
    if (claim?.resourceType !== 'Claim') throw new Error(`${file}: no focal Claim to break`);
    claim.use = 'not-a-use';
  }
  const render = renderer(file, copy);
  const claimLike = !broken && (category === 'claim' || category === 'priorauth');
  return {
    file,
    category,
    sender: String(header.sender.identifier.value),
    receiver: String(header.destination[0].receiver.identifier.value),
    broken,
    render: () => render(),
    ...(claimLike ? { task: { status: taskRenderer('status', copy), cancel: taskRenderer('cancel', copy) } } : {}),
  };
}

/** The official Task sample re-addressed to the claim's sender and receiver (test/support/samples.ts `taskFor`). */
function taskRenderer(category: 'status' | 'cancel', claim: Record<string, any>): (claimKey: string) => Rendered {
  const copy = marked(taskFor(TASK_SAMPLES[category], claim));
  // Each Task is a new one: its business identifier too.
  for (const entry of copy.entry) {
    if (entry.resource?.resourceType !== 'Task') continue;
    for (const identifier of entry.resource.identifier ?? []) if (typeof identifier.value === 'string') identifier.value = `${identifier.value}-${TASK_MARK}`;
  }
  const render = renderer(TASK_SAMPLES[category], copy);
  return (claimKey) => render(claimKey);
}

export function generatePool(templates: readonly Template[], options: { size: number; invalidShare: number; duplicateShare: number; seed: number }): PoolEntry[] {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const valid = new Map<Category, Template[]>();
  for (const t of templates.filter((t) => !t.broken)) valid.set(t.category, [...(valid.get(t.category) ?? []), t]);
  const broken = templates.filter((t) => t.broken);
  const categories = Object.keys(MIX) as Category[];
  const category = (): Category => {
    let r = random();
    for (const c of categories) if ((r -= MIX[c]) < 0) return c;
    return categories[categories.length - 1]!;
  };

  const pool: PoolEntry[] = [];
  const fromTemplate = (index: number, kind: Kind, t: Template): PoolEntry => {
    const { body, headerId, claimKey } = t.render();
    return { index, kind, category: t.category, sender: t.sender, template: t, original: undefined, body, headerId, claimKey, epoch: 0, accepted: false, cancelled: false };
  };
  const earlier = (index: number, fits: (e: PoolEntry) => boolean): PoolEntry | undefined => {
    const candidates = pool.slice(Math.max(0, index - MAX_DUPLICATE_GAP), Math.max(0, index - MIN_DUPLICATE_GAP)).filter(fits);
    return candidates.length > 0 ? pick(candidates) : undefined;
  };
  const referring = (index: number, kind: Kind, c: Category, original: PoolEntry): PoolEntry => {
    // A task is rendered here for the echo feed (same bodies); the gateway feed renders it again when it is sent.
    const task = kind === 'valid' ? original.template!.task![c as 'status' | 'cancel'](original.claimKey) : undefined;
    return {
      index, kind, category: c, sender: original.sender, template: undefined, original: original.index,
      body: task?.body ?? original.body, headerId: task?.headerId ?? original.headerId, claimKey: '', epoch: 0, accepted: false, cancelled: false,
    };
  };
  // Warm-up first: one of every template, so every message kind has run before the measurement.
  for (const t of templates) pool.push(fromTemplate(pool.length, t.broken ? 'invalid' : 'valid', t));
  for (let index = pool.length; index < options.size; index += 1) {
    const r = random();
    if (r < options.invalidShare && broken.length > 0) {
      pool.push(fromTemplate(index, 'invalid', pick(broken)));
      continue;
    }
    if (r < options.invalidShare + options.duplicateShare) {
      const original = earlier(index, (e) => e.kind === 'valid' && !TASK_CATEGORIES.has(e.category));
      if (original) {
        pool.push(referring(index, 'duplicate', original.category, original));
        continue;
      }
    }
    const c = category();
    if (TASK_CATEGORIES.has(c)) {
      const target = earlier(index, (e) => e.kind === 'valid' && e.template?.task !== undefined);
      if (target) {
        pool.push(referring(index, 'valid', c, target));
        continue;
      }
    }
    pool.push(fromTemplate(index, 'valid', pick(valid.get(TASK_CATEGORIES.has(c) ? 'claim' : c)!)));
  }
  return pool;
}

export function summarisePool(pool: readonly PoolEntry[], templates: readonly Template[]): PoolSummary {
  const kinds: Record<Kind, number> = { valid: 0, invalid: 0, duplicate: 0 };
  const categories = Object.fromEntries(Object.keys(MIX).map((c) => [c, 0])) as Record<Category, number>;
  const receivers: Record<string, number> = {};
  let bytes = 0;
  for (const entry of pool) {
    kinds[entry.kind] += 1;
    const t = entry.template ?? (entry.kind === 'valid' ? pool[entry.original!]!.template : undefined);
    if (t) receivers[t.receiver] = (receivers[t.receiver] ?? 0) + 1;
    if (entry.kind === 'valid') categories[entry.category] += 1;
    bytes += entry.body.length;
  }
  return {
    size: pool.length,
    kinds,
    categories,
    samples: new Set(templates.map((t) => t.file)).size + 2,
    senders: [...new Set(pool.map((e) => e.sender))].sort(),
    receivers,
    meanBodyBytes: Math.round(bytes / Math.max(1, pool.length)),
  };
}

/** Small seeded PRNG: the same seed gives the same mix, run after run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
