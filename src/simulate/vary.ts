/**
 * The changes that turn an official sample into one realistic, valid message: its patient, its
 * diagnoses, its services with consistent money, its supporting information and its dates. Each
 * keeps what the gateway checks (README, "Validation"): item net = quantity × unit price × factor +
 * tax (BV-00251) and total = sum of the nets (BV-00059) in whole halalas; diagnosis codes unique
 * (BV-00057) and known to the ICD-10 table; a supportingInfo an item points at is never dropped
 * (BV-00443); every date shifted by the same number of days, so their order holds (serviced on or
 * before created, BV-00061; encounter and prescription dates, BV-00041/BV-00460) and none is after today.
 */
import type { Catalogue } from './catalogue.js';
import { servicesFor } from './catalogue.js';
import type { SimPatient } from './patients.js';
import type { Rng } from './rng.js';

type Json = Record<string, any>;

const TAX_URL = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-tax';
const PATIENT_SHARE_URL = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-patient-share';
/** VAT on services for non-Saudi patients: the samples' tax is 15 % of the gross. */
const VAT = 0.15;
const DATE = /^(\d{4}-\d{2}-\d{2})(.*)$/;
const DAY_MS = 86_400_000;

export function claimOf(message: Json): Json {
  const focus = message.entry[0].resource.focus?.[0]?.reference;
  const claim = message.entry.find((e: Json) => e.fullUrl === focus)?.resource;
  if (claim?.resourceType !== 'Claim') throw new Error('the template has no focal Claim');
  return claim;
}

export function claimType(claim: Json): string {
  return String(claim.type?.coding?.[0]?.code);
}

function resolve(message: Json, reference: string | undefined): Json | undefined {
  if (reference === undefined) return undefined;
  return message.entry.find((e: Json) => e.fullUrl === reference || (typeof e.fullUrl === 'string' && e.fullUrl.endsWith(`/${reference}`)))?.resource;
}

/** The Claim's patient becomes `patient`: identifier, name, gender (and its KSA extension), birth date. */
export function setPatient(message: Json, claim: Json, patient: SimPatient): void {
  const resource = resolve(message, claim.patient?.reference);
  if (resource?.resourceType !== 'Patient') throw new Error('the template Claim.patient does not resolve to a Patient');
  if (resource.identifier?.[0]) resource.identifier[0].value = patient.identifier;
  resource.name = [{ use: 'official', text: `${patient.given} ${patient.family}`, family: patient.family, given: [patient.given] }];
  resource.gender = patient.gender;
  for (const extension of resource._gender?.extension ?? []) {
    const coding = extension.valueCodeableConcept?.coding?.[0];
    if (coding) {
      coding.code = patient.gender;
      coding.display = patient.gender === 'male' ? 'Male' : 'Female';
    }
  }
  resource.birthDate = patient.birthDate;
}

/** Each diagnosis gets another code of the claim type's list, all distinct. */
export function setDiagnoses(claim: Json, rng: Rng, catalogue: Catalogue): void {
  const pool = [...(catalogue.diagnoses[claimType(claim)] ?? [])];
  for (const diagnosis of claim.diagnosis ?? []) {
    const coding = diagnosis.diagnosisCodeableConcept?.coding?.[0];
    if (!coding || pool.length === 0) continue;
    const code = pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!;
    coding.code = code;
    delete coding.display;
  }
}

/** Each item gets a service of its code system, a quantity and a price; tax, patient share, net and the total follow. */
export function setItems(claim: Json, rng: Rng, catalogue: Catalogue): void {
  const type = claimType(claim);
  let total = 0;
  // Services of one claim are distinct while the list allows (a repeated code is a duplicate-billing signal).
  const used = new Set<string>();
  for (const item of claim.item ?? []) {
    // A package's money lives in its details (BV-00224, BV-00372): leave such an item as the sample has it.
    if (item.detail) {
      total += cents(item.net?.value);
      continue;
    }
    const coding = item.productOrService?.coding?.[0];
    const services = coding ? servicesFor(catalogue, coding.system, type) : undefined;
    const fresh = services?.filter((s) => !used.has(s.code));
    const choices = fresh && fresh.length > 0 ? fresh : services;
    const service = choices && choices.length > 0 ? rng.pick(choices) : undefined;
    if (service) used.add(service.code);
    if (coding && service) {
      coding.code = service.code;
      delete coding.display;
    }
    const quantity = rng.int(1, catalogue.maxQuantity[type] ?? 1);
    const unit = service ? rng.int(service.price[0], service.price[1]) : Number(item.unitPrice?.value ?? 0);
    const factor = typeof item.factor === 'number' ? item.factor : 1;
    const gross = Math.round(quantity * unit * 100 * factor);
    const tax = extension(item, TAX_URL);
    const taxCents = tax && cents(tax.valueMoney?.value) > 0 ? Math.round(gross * VAT) : 0;
    if (tax) tax.valueMoney = { value: taxCents / 100, currency: 'SAR' };
    const share = extension(item, PATIENT_SHARE_URL);
    if (share && cents(share.valueMoney?.value) > 0) share.valueMoney = { value: Math.round(gross * 0.1) / 100, currency: 'SAR' };
    item.quantity = { ...item.quantity, value: quantity };
    item.unitPrice = { value: unit, currency: 'SAR' };
    item.net = { value: (gross + taxCents) / 100, currency: 'SAR' };
    total += gross + taxCents;
  }
  claim.total = { value: total / 100, currency: 'SAR' };
}

/** Leaves out, each with chance `share`, the optional supportingInfo entries no item points at. */
export function dropSupportingInfo(claim: Json, rng: Rng, catalogue: Catalogue, share: number): void {
  if (!Array.isArray(claim.supportingInfo)) return;
  const pointed = new Set<number>((claim.item ?? []).flatMap((item: Json) => item.informationSequence ?? []));
  claim.supportingInfo = claim.supportingInfo.filter((info: Json) => {
    const category = info.category?.coding?.[0]?.code;
    const optional = catalogue.optionalSupportingInfo.includes(category) && !pointed.has(info.sequence);
    return !(optional && rng.chance(share));
  });
  if (claim.supportingInfo.length === 0) delete claim.supportingInfo;
}

/**
 * Moves every date of the message (but birth dates) so that Claim.created falls `daysAgo` days
 * before `today`, plus what the sample's latest date lies after its Claim.created, so nothing lands
 * in the future. Returns the new Claim.created day.
 */
export function shiftDates(message: Json, claim: Json, today: Date, daysAgo: number): string {
  const created = day(String(claim.created));
  let latest = created;
  walkDates(message, (value) => {
    latest = Math.max(latest, day(value));
    return value;
  });
  const target = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - (daysAgo + Math.round((latest - created) / DAY_MS)) * DAY_MS;
  const shift = target - created;
  walkDates(message, (value) => {
    const [, date, rest] = DATE.exec(value)!;
    return `${new Date(day(date!) + shift).toISOString().slice(0, 10)}${rest}`;
  });
  return new Date(target).toISOString().slice(0, 10);
}

/** Calls `change` on every date or dateTime string of the message, except birth dates, and stores what it returns. */
function walkDates(node: unknown, change: (value: string) => string): void {
  if (Array.isArray(node)) {
    node.forEach((value, i) => {
      if (typeof value === 'string' && DATE.test(value)) node[i] = change(value);
      else walkDates(value, change);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'birthDate' || key === 'deceasedDateTime') continue;
    if (typeof value === 'string' && DATE.test(value)) (node as Json)[key] = change(value);
    else walkDates(value, change);
  }
}

function day(value: string): number {
  return Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
}

function extension(item: Json, url: string): Json | undefined {
  return (item.extension ?? []).find((e: Json) => e.url === url);
}

function cents(value: unknown): number {
  return typeof value === 'number' ? Math.round(value * 100) : 0;
}
