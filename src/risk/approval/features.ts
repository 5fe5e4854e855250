/**
 * What the approval model sees of a prior authorization or claim (issue 14, item 2): categorical
 * facts as tokens (`dx=S83.1`, `svc=83620-00-10`, `si=lab-test`, ...) and a few numbers. One pass
 * over the bundle's entries, no validation: the gateway has already validated the message, and a
 * missing element simply yields no token (or NaN for a number).
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../fhir/json.js';

/** The events scored: the payer decides these item by item, with reason codes. */
export const SCORED_EVENTS: ReadonlySet<string> = new Set(['priorauth-request', 'claim-request']);

/** Numeric features, by position in `ApprovalFeatures.numbers` (the model file names them). */
export const NUMERIC_FEATURES = ['net', 'maxQuantity', 'items', 'age', 'providerApprovalRate', 'providerDecisions'] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];
const INDEX = Object.fromEntries(NUMERIC_FEATURES.map((name, i) => [name, i])) as Record<NumericFeature, number>;

export interface ApprovalFeatures {
  /** Categorical facts present (a Set: the trees ask "is this token present?"). */
  readonly tokens: ReadonlySet<string>;
  /** Indexed as NUMERIC_FEATURES; NaN when unknown (the trees send NaN down the "no" branch). */
  readonly numbers: Float64Array;
}

/** The requester's past decisions with this payer (approved of total), as training or the model file knows them. */
export interface ProviderHistory {
  readonly approved: number;
  readonly total: number;
}

export interface FeatureRequest {
  readonly bundle: Record<string, unknown>;
  readonly sender: string;
  readonly recipient: string;
}

/**
 * Prior weight of the history rate: a provider with 2 decisions is not "0 % approved". The rate is
 * shrunk towards 0.5 by this many pseudo-decisions.
 */
const HISTORY_PRIOR = 5;

/** Age bands used for tokens; the exact age is also a number so trees can cut anywhere. */
const AGE_BANDS: readonly (readonly [number, string])[] = [
  [2, '0-1'], [12, '2-11'], [18, '12-17'], [30, '18-29'], [45, '30-44'], [60, '45-59'], [75, '60-74'], [Infinity, '75+'],
];

/** Features of the Claim in `request.bundle`, or undefined when the bundle holds no Claim. */
export function extractFeatures(request: FeatureRequest, history: ProviderHistory | undefined): ApprovalFeatures | undefined {
  const { claim, patients } = claimAndPatients(request.bundle);
  if (!claim) return undefined;
  const tokens = new Set<string>();
  const numbers = new Float64Array(NUMERIC_FEATURES.length).fill(Number.NaN);
  addCode(tokens, 'type', firstCode(claim.type));
  addCode(tokens, 'subtype', firstCode(claim.subType));
  tokens.add(`provider=${request.sender}`);
  tokens.add(`payer=${request.recipient}`);
  for (const raw of asArray(claim.diagnosis)) {
    const code = firstCode(asObject(raw)?.diagnosisCodeableConcept)?.toUpperCase();
    if (code === undefined) continue;
    tokens.add(`dx=${code}`);
    tokens.add(`dx3=${code.replace('.', '').slice(0, 3)}`);
  }
  for (const raw of asArray(claim.supportingInfo)) addCode(tokens, 'si', firstCode(asObject(raw)?.category));
  itemFeatures(claim, tokens, numbers);
  patientFeatures(claim, patients, tokens, numbers);
  if (history) {
    numbers[INDEX.providerApprovalRate] = (history.approved + HISTORY_PRIOR * 0.5) / (history.total + HISTORY_PRIOR);
    numbers[INDEX.providerDecisions] = history.total;
  }
  return { tokens, numbers };
}

function addCode(tokens: Set<string>, name: string, code: string | undefined): void {
  if (code !== undefined) tokens.add(`${name}=${code}`);
}

/** The first Claim, and the Patients by fullUrl (the Claim names its patient by reference). */
function claimAndPatients(bundle: Record<string, unknown>): { claim: JsonObject | undefined; patients: Map<string, JsonObject> } {
  let claim: JsonObject | undefined;
  const patients = new Map<string, JsonObject>();
  for (const raw of asArray(bundle.entry)) {
    const entry = asObject(raw);
    const resource = asObject(entry?.resource);
    if (resource?.resourceType === 'Claim') claim ??= resource;
    else if (resource?.resourceType === 'Patient') patients.set(asString(entry?.fullUrl) ?? '', resource);
  }
  return { claim, patients };
}

function itemFeatures(claim: JsonObject, tokens: Set<string>, numbers: Float64Array): void {
  let maxQuantity = Number.NaN;
  let itemNet = 0;
  let items = 0;
  for (const raw of asArray(claim.item)) {
    const item = asObject(raw);
    if (!item) continue;
    items++;
    addCode(tokens, 'svc', firstCode(item.productOrService));
    const quantity = Number(asObject(item.quantity)?.value);
    if (Number.isFinite(quantity) && !(quantity <= maxQuantity)) maxQuantity = quantity;
    const net = Number(asObject(item.net)?.value);
    if (Number.isFinite(net)) itemNet += net;
  }
  const total = Number(asObject(claim.total)?.value);
  numbers[INDEX.net] = Number.isFinite(total) ? total : itemNet;
  numbers[INDEX.maxQuantity] = maxQuantity;
  numbers[INDEX.items] = items;
}

/** Age in whole years at Claim.created (the date the payer judges against) and gender. */
function patientFeatures(claim: JsonObject, patients: Map<string, JsonObject>, tokens: Set<string>, numbers: Float64Array): void {
  const reference = asString(asObject(claim.patient)?.reference);
  const patient = (reference !== undefined ? patients.get(reference) : undefined) ?? patients.values().next().value;
  if (!patient) return;
  addCode(tokens, 'gender', asString(patient.gender));
  const age = yearsBetween(asString(patient.birthDate), asString(claim.created));
  if (age === undefined) return;
  numbers[INDEX.age] = age;
  tokens.add(`age=${AGE_BANDS.find(([under]) => age < under)?.[1] ?? '75+'}`);
}

export function yearsBetween(birthDate: string | undefined, at: string | undefined): number | undefined {
  if (birthDate === undefined || at === undefined) return undefined;
  const birth = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate);
  const then = /^(\d{4})-(\d{2})-(\d{2})/.exec(at);
  if (!birth || !then) return undefined;
  const [by, bm, bd] = [Number(birth[1]), Number(birth[2] ?? 1), Number(birth[3] ?? 1)];
  const [ty, tm, td] = [Number(then[1]), Number(then[2]), Number(then[3])];
  const years = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return years >= 0 ? years : undefined;
}

export function numericIndex(name: string): number | undefined {
  return (INDEX as Record<string, number>)[name];
}
