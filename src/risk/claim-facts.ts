/**
 * One view of a prior authorization or claim for the risk stage (issue 14), read once per message
 * from the parsed bundle: the Claim's fullUrl and patient, the patient's keyed hash, sex, birth and
 * death, and each line's service, day, quantity and amounts. Every family and the history record
 * read this view; none walks the bundle itself.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';
import type { MessageEnvelope } from '../fhir/message.js';
import type { KeyedIdentifierHash } from '../routing/ledger-note.js';

export interface ClaimLine {
  /** Position in `Claim.item` (0-based). */
  readonly line: number;
  readonly sequence: number;
  /** `system|code` of `productOrService`. */
  readonly service: string;
  readonly code: string;
  /** Day of service (days since 1970-01-01, UTC): servicedDate, servicedPeriod.start, else Claim.created. */
  readonly day: number;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly net: number;
}

export interface ClaimFacts {
  readonly claimFullUrl: string;
  readonly patientReference: string | undefined;
  /** Keyed hash of the patient's first identifier; undefined without one (no history is kept then). */
  readonly patientKey: string | undefined;
  readonly gender: string | undefined;
  readonly birthDay: number | undefined;
  readonly deathDay: number | undefined;
  readonly claimType: string | undefined;
  /** `system|value` of the Claim's first identifier. */
  readonly identifier: string;
  /** `Claim.related` present: the sender says this corrects or follows an earlier claim. */
  readonly related: boolean;
  readonly preAuthRefs: readonly string[];
  readonly diagnoses: readonly string[];
  readonly lines: readonly ClaimLine[];
  /** An in-patient stay (institutional claim with a billable period), first and last day. */
  readonly stay: readonly [number, number] | undefined;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a FHIR date or dateTime (its calendar date as written). */
export function dayOf(value: unknown): number | undefined {
  const text = asString(value);
  if (!text || text.length < 10) return undefined;
  const ms = Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1, Number(text.slice(8, 10)));
  return Number.isFinite(ms) ? Math.floor(ms / MS_PER_DAY) : undefined;
}

function amount(value: unknown): number {
  const n = Number(asObject(value)?.value);
  return Number.isFinite(n) ? n : 0;
}

function codingKey(concept: unknown): { service: string; code: string } | undefined {
  const coding = asObject(asArray(asObject(concept)?.coding)[0]);
  const code = asString(coding?.code);
  return code === undefined ? undefined : { service: `${asString(coding?.system) ?? ''}|${code}`, code };
}

/** The focal Claim of a prior authorization or claim message, with its fullUrl. */
function focalClaim(envelope: MessageEnvelope): { fullUrl: string; claim: JsonObject } | undefined {
  const focus = envelope.focusReferences[0];
  const entry = envelope.entries.find((e) => e.resource?.resourceType === 'Claim' && (focus === undefined || e.fullUrl === focus)) ?? envelope.entries.find((e) => e.resource?.resourceType === 'Claim');
  return entry?.resource && entry.fullUrl ? { fullUrl: entry.fullUrl, claim: entry.resource } : undefined;
}

function patientKeyOf(patient: JsonObject | undefined, hash: KeyedIdentifierHash | undefined): string | undefined {
  if (!patient || !hash) return undefined;
  for (const raw of asArray(patient.identifier)) {
    const system = asString(asObject(raw)?.system);
    const value = asString(asObject(raw)?.value);
    if (system !== undefined && value !== undefined) return hash('patient', system, value);
  }
  return undefined;
}

function linesOf(claim: JsonObject, createdDay: number | undefined): ClaimLine[] {
  const lines: ClaimLine[] = [];
  asArray(claim.item).forEach((raw, line) => {
    const item = asObject(raw);
    const key = codingKey(item?.productOrService);
    const day = dayOf(item?.servicedDate) ?? dayOf(asObject(item?.servicedPeriod)?.start) ?? createdDay;
    if (!item || !key || day === undefined) return;
    const quantity = Number(asObject(item.quantity)?.value ?? 1);
    lines.push({ line, sequence: Number(item.sequence) || line + 1, ...key, day, quantity: Number.isFinite(quantity) ? quantity : 1, unitPrice: amount(item.unitPrice), net: amount(item.net) });
  });
  return lines;
}

/** The risk view of a prior authorization or claim; undefined when the message has no Claim with a fullUrl. */
export function claimFacts(envelope: MessageEnvelope, hash: KeyedIdentifierHash | undefined): ClaimFacts | undefined {
  const focal = focalClaim(envelope);
  if (!focal) return undefined;
  const { claim } = focal;
  const patientReference = asString(asObject(claim.patient)?.reference);
  const patient = envelope.entries.find((e) => e.fullUrl === patientReference && e.resource?.resourceType === 'Patient')?.resource;
  const identifier = asObject(asArray(claim.identifier)[0]);
  const period = asObject(claim.billablePeriod);
  const claimType = firstCode(claim.type);
  const from = dayOf(period?.start);
  const to = dayOf(period?.end) ?? from;
  return {
    claimFullUrl: focal.fullUrl,
    patientReference,
    patientKey: patientKeyOf(patient, hash),
    gender: asString(patient?.gender),
    birthDay: dayOf(patient?.birthDate),
    deathDay: dayOf(patient?.deceasedDateTime),
    claimType,
    identifier: `${asString(identifier?.system) ?? ''}|${asString(identifier?.value) ?? ''}`,
    related: asArray(claim.related).length > 0,
    preAuthRefs: asArray(claim.insurance).flatMap((i) => asArray(asObject(i)?.preAuthRef)).map(asString).filter((r): r is string => r !== undefined),
    diagnoses: asArray(claim.diagnosis).map((d) => firstCode(asObject(d)?.diagnosisCodeableConcept)).filter((c): c is string => c !== undefined),
    lines: linesOf(claim, dayOf(claim.created)),
    stay: claimType === 'institutional' && from !== undefined && to !== undefined ? [from, to] : undefined,
  };
}
