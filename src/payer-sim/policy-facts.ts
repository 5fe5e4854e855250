/**
 * What a payer policy's conditions look at, read once from a prior-authorization or claim message
 * (README, "Reference payer: a payer with a policy"): the focal Claim, its Patient (resolved in the
 * bundle) and the MessageHeader's sender. Missing elements read as absent, never as errors: the
 * gateway validated the message before the payer got it.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';
import { focalEntries, readEnvelope } from '../fhir/message.js';
import { EntryIndex } from '../fhir/references.js';

export interface ClaimFacts {
  readonly bundleId: string | undefined;
  /** Claim.type code (professional, institutional, oral, vision, pharmacy). */
  readonly claimType: string | undefined;
  /** Each item's productOrService code. */
  readonly services: readonly string[];
  /** Each diagnosis code (diagnosisCodeableConcept), as written. */
  readonly diagnoses: readonly string[];
  /** Claim.total.value. */
  readonly net: number | undefined;
  /** Each item's quantity.value (1 when an item gives none: FHIR's default). */
  readonly quantities: readonly number[];
  /** Whole years from Patient.birthDate to Claim.created. */
  readonly age: number | undefined;
  readonly gender: string | undefined;
  /** MessageHeader.sender identifier value: the provider's licence. */
  readonly provider: string | undefined;
  /** Each supportingInfo category code. */
  readonly supportingInfo: readonly string[];
}

/** The facts of the message's focal Claim, or undefined when it has none (not a claim or prior authorization). */
export function claimFacts(bundle: JsonObject): ClaimFacts | undefined {
  const read = readEnvelope(bundle);
  if (!read.ok) return undefined;
  const claim = focalEntries(read.envelope)[0]?.resource;
  if (claim?.resourceType !== 'Claim') return undefined;
  const index = new EntryIndex(read.envelope.entries);
  const patientRef = asString(asObject(claim.patient)?.reference);
  const patient = patientRef === undefined ? undefined : index.resolve(patientRef)?.resource;
  const items = asArray(claim.item).map((raw) => asObject(raw) ?? {});
  return {
    bundleId: read.envelope.bundleId,
    claimType: firstCode(claim.type),
    services: items.map((item) => firstCode(item.productOrService)).filter((c): c is string => c !== undefined),
    diagnoses: asArray(claim.diagnosis)
      .map((d) => firstCode(asObject(d)?.diagnosisCodeableConcept))
      .filter((c): c is string => c !== undefined),
    net: finite(asObject(claim.total)?.value),
    quantities: items.map((item) => finite(asObject(item.quantity)?.value) ?? 1),
    age: yearsBetween(asString(patient?.birthDate), asString(claim.created)),
    gender: asString(patient?.gender),
    provider: read.envelope.sender?.value,
    supportingInfo: asArray(claim.supportingInfo)
      .map((s) => firstCode(asObject(s)?.category))
      .filter((c): c is string => c !== undefined),
  };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Completed years between two FHIR dates (a partial date such as `1984` or `1984-12` counts from its first day). */
export function yearsBetween(birth: string | undefined, at: string | undefined): number | undefined {
  const from = dateParts(birth);
  const to = dateParts(at);
  if (!from || !to) return undefined;
  const beforeBirthday = to.month < from.month || (to.month === from.month && to.day < from.day);
  return to.year - from.year - (beforeBirthday ? 1 : 0);
}

function dateParts(value: string | undefined): { year: number; month: number; day: number } | undefined {
  const match = value === undefined ? null : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return undefined;
  return { year: Number(match[1]), month: Number(match[2] ?? 1), day: Number(match[3] ?? 1) };
}
