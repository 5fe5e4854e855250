/**
 * The request bodies of the load, pre-generated before it starts so that no JSON work runs in
 * the load generator while it measures.
 *
 * Mix: eligibility (30%), prior authorization (30%) and claims (40%), each spread evenly over
 * the official samples of its kind; plus invalid messages (a Claim whose `use` is not a code)
 * and duplicates (byte-identical resends of a message the gateway already accepted).
 *
 * Every valid body has a fresh Bundle.id and MessageHeader.id: reusing them would make it an
 * idempotent resend. When a long run exhausts the pool, the gateway feed re-renders each body
 * with new ids as it comes round again (a string splice, microseconds).
 */
import { randomUUID } from 'node:crypto';
import { manifest, sample } from '../test/support/samples.js';

export type Kind = 'valid' | 'invalid' | 'duplicate';
export type Category = 'eligibility' | 'priorauth' | 'claim';

/** Share of each category among valid messages. */
export const MIX: Readonly<Record<Category, number>> = { eligibility: 0.3, priorauth: 0.3, claim: 0.4 };

const CATEGORY_OF: Readonly<Record<string, Category>> = {
  'eligibility-request': 'eligibility',
  'priorauth-request': 'priorauth',
  'claim-request': 'claim',
};

/** Official samples the gateway rejects on purpose: they break the FHIR R4 schema (README, decisions on the samples). */
export const SKIPPED_SAMPLES: ReadonlySet<string> = new Set(['9-claim-pharmacy-request.json', '13a-payment-reconciliation.json']);

/** Duplicates resend an original at least this many pool positions back, so it has usually been answered already. */
const MIN_DUPLICATE_GAP = 50;
const MAX_DUPLICATE_GAP = 500;

const BUNDLE_MARK = '__wasl_bench_bundle_id__';
const HEADER_MARK = '__wasl_bench_header_id__';
const CLAIM_MARK = '__wasl_claim_id__';

export interface Template {
  readonly file: string;
  readonly category: Category;
  readonly sender: string;
  /** MessageHeader.destination receiver: the payer that must answer. */
  readonly receiver: string;
  readonly broken: boolean;
  /** The sample as JSON text with fresh Bundle.id and MessageHeader.id. */
  render(): Buffer;
}

export interface PoolEntry {
  readonly index: number;
  readonly kind: Kind;
  readonly category: Category;
  readonly sender: string;
  /** Valid and invalid entries: how to re-render with new ids. */
  readonly template: Template | undefined;
  /** Duplicates: the pool index of the original they resend. */
  readonly original: number | undefined;
  body: Buffer;
  /** How many times the gateway feed has come round to this entry (0 = as generated). */
  epoch: number;
  /** The gateway accepted `body` (a duplicate may now resend it). */
  accepted: boolean;
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
    if (!category || SKIPPED_SAMPLES.has(row.file)) continue;
    const json = sample(row.file).json;
    templates.push(template(row.file, category, json, false));
    // Claims and prior authorizations also serve as invalid messages: Claim.use is not a code.
    if (category !== 'eligibility') templates.push(template(row.file, category, json, true));
  }
  return templates;
}

function template(file: string, category: Category, json: Record<string, any>, broken: boolean): Template {
  const copy = structuredClone(json);
  copy.id = BUNDLE_MARK;
  const header = copy.entry[0].resource;
  // BV-00207: the MessageHeader's fullUrl carries its id, so both take the same fresh id.
  if (typeof copy.entry[0].fullUrl === 'string') copy.entry[0].fullUrl = copy.entry[0].fullUrl.replace(header.id, HEADER_MARK);
  header.id = HEADER_MARK;
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
  const text = JSON.stringify(copy);
  if (text.split(BUNDLE_MARK).length !== 2 || text.split(HEADER_MARK).length > 3) throw new Error(`${file}: ids are not unique markers`);
  return {
    file,
    category,
    sender: String(header.sender.identifier.value),
    receiver: String(header.destination[0].receiver.identifier.value),
    broken,
    render: () => {
      const headerId = randomUUID();
      return Buffer.from(text.replace(BUNDLE_MARK, randomUUID()).replaceAll(HEADER_MARK, headerId).replaceAll(CLAIM_MARK, headerId.slice(0, 13)));
    },
  };
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
  const fromTemplate = (index: number, kind: Kind, t: Template): PoolEntry => ({
    index, kind, category: t.category, sender: t.sender, template: t, original: undefined, body: t.render(), epoch: 0, accepted: false,
  });
  for (let index = 0; index < options.size; index += 1) {
    const r = random();
    if (r < options.invalidShare && broken.length > 0) {
      pool.push(fromTemplate(index, 'invalid', pick(broken)));
      continue;
    }
    if (r < options.invalidShare + options.duplicateShare) {
      const candidates = pool.slice(Math.max(0, index - MAX_DUPLICATE_GAP), Math.max(0, index - MIN_DUPLICATE_GAP)).filter((e) => e.kind === 'valid');
      if (candidates.length > 0) {
        const original = pick(candidates);
        pool.push({ index, kind: 'duplicate', category: original.category, sender: original.sender, template: undefined, original: original.index, body: original.body, epoch: 0, accepted: false });
        continue;
      }
    }
    pool.push(fromTemplate(index, 'valid', pick(valid.get(category())!)));
  }
  return pool;
}

export function summarisePool(pool: readonly PoolEntry[], templates: readonly Template[]): PoolSummary {
  const kinds: Record<Kind, number> = { valid: 0, invalid: 0, duplicate: 0 };
  const categories: Record<Category, number> = { eligibility: 0, priorauth: 0, claim: 0 };
  const receivers: Record<string, number> = {};
  let bytes = 0;
  for (const entry of pool) {
    kinds[entry.kind] += 1;
    if (entry.template) receivers[entry.template.receiver] = (receivers[entry.template.receiver] ?? 0) + 1;
    if (entry.kind === 'valid') categories[entry.category] += 1;
    bytes += entry.body.length;
  }
  return {
    size: pool.length,
    kinds,
    categories,
    samples: new Set(templates.map((t) => t.file)).size,
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
