/**
 * The labelled set of `npm run eval:risk` (issue 14, "What it must show"): for each FWA family,
 * positive cases (the family must fire on the probe) and negative ones (the matching clean case,
 * where it must stay silent), built from the official samples with seeded variation (patient,
 * dates, quantities, prices, which variant of the defect) and run through the real stage against a
 * real store with the helpers the family tests use (test/risk/fwa-support.ts). Each case writes its
 * own history first (the earlier claim, the payer's answer), then submits the probe.
 */
import { Rng } from '../src/simulate/rng.js';
import type { FamilyId } from '../src/risk/fwa/family.js';
import type { GatewayStore } from '../src/store/ports.js';
import { fresh } from '../test/support/samples.js';
import { addDays, decide, item, submit, withService } from '../test/risk/fwa-support.js';
import { claimOf, freshPatientClaim, patientOf } from '../test/risk/risk-support.js';

export interface FwaCase {
  readonly family: FamilyId;
  readonly positive: boolean;
  /** Writes the case's history, submits its probe; the families that fired on the probe. */
  run(store: GatewayStore, timings: number[]): Promise<string[]>;
}

const PREAUTH = '2a-first-preauth-dental-request-with-multiple-items.json';
/** A service of the eval's own for provider-outlier, so its peer statistics are the eval's alone. */
const OUTLIER_SERVICE = 'EVAL-OUTLIER-1';
const OUTLIER_PEER = 'N-F-00002';

/** A sample with a seeded patient id and its service date moved by a seeded number of days. */
function patientMessage(rng: Rng, file = '7a-claim-dental-request.json'): Record<string, any> {
  const message = freshPatientClaim(file);
  patientOf(message).identifier[0].value = String(rng.int(1_000_000_000, 9_999_999_999));
  onDay(message, addDays(item(message).servicedDate, rng.int(0, 300)));
  return message;
}

function onDay(message: Record<string, any>, date: string): Record<string, any> {
  for (const line of claimOf(message).item) line.servicedDate = date;
  return message;
}

function priced(message: Record<string, any>, unit: number): Record<string, any> {
  const line = item(message);
  line.unitPrice = { value: unit, currency: 'SAR' };
  line.net = { value: unit * (Number(line.quantity?.value) || 1), currency: 'SAR' };
  return message;
}

function fromProvider(message: Record<string, any>, licence: string): Record<string, any> {
  message.entry[0].resource.sender.identifier.value = licence;
  return message;
}

function samePatient(message: Record<string, any>, as: Record<string, any>): Record<string, any> {
  patientOf(message).identifier[0] = structuredClone(patientOf(as).identifier[0]);
  return message;
}

/** Submits the earlier messages, then the probe (timed like every other message). */
async function probe(store: GatewayStore, timings: number[], earlier: readonly Record<string, any>[], message: Record<string, any>): Promise<string[]> {
  for (const m of earlier) await submit(store, m, timings);
  return submit(store, message, timings);
}

type Build = (rng: Rng, positive: boolean) => FwaCase['run'];

const BUILDERS: Record<FamilyId, Build> = {
  'duplicate-exact': (rng, positive) => async (store, t) => {
    const first = patientMessage(rng);
    const again = fresh(first);
    if (!positive && rng.chance(0.5)) claimOf(again).related = [{ claim: { identifier: claimOf(first).identifier[0] }, relationship: { coding: [{ code: 'prior' }] } }];
    else if (!positive) item(again).net.value += rng.int(1, 50);
    return probe(store, t, [first], again);
  },
  'duplicate-near': (rng, positive) => async (store, t) => {
    const first = patientMessage(rng);
    const later = onDay(fresh(first), addDays(item(first).servicedDate, positive ? rng.int(1, 3) : rng.int(5, 60)));
    item(later).net.value += 1;
    if (rng.chance(0.5)) fromProvider(later, OUTLIER_PEER);
    return probe(store, t, [first], later);
  },
  resubmission: (rng, positive) => async (store, t) => {
    const first = patientMessage(rng);
    await submit(store, first, t);
    await decide(store, first, positive);
    return submit(store, fresh(first), t);
  },
  unbundling: (rng, positive) => async (store, t) => {
    const component = withService(patientMessage(rng), '012');
    const comprehensive = samePatient(withService(fresh(component), '515'), component);
    if (!positive) onDay(comprehensive, addDays(item(component).servicedDate, rng.int(1, 30)));
    return probe(store, t, [component], comprehensive);
  },
  'quantity-limit': (rng, positive) => async (store, t) => {
    const q1 = rng.int(1, 3);
    const first = withService(patientMessage(rng), '434', q1);
    const q2 = positive ? rng.int(5 - q1, 4) : rng.int(1, 4 - q1);
    const second = withService(fresh(first), '434', q2);
    item(second).net.value = 1 + q2;
    return probe(store, t, [first], second);
  },
  'frequency-limit': (rng, positive) => async (store, t) => {
    const first = withService(patientMessage(rng), '012');
    const day = item(first).servicedDate as string;
    const second = onDay(withService(fresh(first), '012'), addDays(day, rng.int(30, 150)));
    const third = onDay(withService(fresh(first), '012'), addDays(day, rng.int(160, 360)));
    return positive ? probe(store, t, [first, second], third) : probe(store, t, [first], second);
  },
  'age-gender': (rng, positive) => async (store, t) => {
    const message = patientMessage(rng);
    const male = rng.chance(0.5);
    claimOf(message).diagnosis[0].diagnosisCodeableConcept.coding[0].code = male ? rng.pick(['N40.0', 'N40.1', 'C61']) : rng.pick(['N70.0', 'C53.9']);
    patientOf(message).gender = male === positive ? 'female' : 'male';
    return probe(store, t, [], message);
  },
  'date-impossible': (rng, positive) => async (store, t) => {
    const message = patientMessage(rng);
    const day = item(message).servicedDate as string;
    const unborn = rng.chance(0.5);
    if (unborn) patientOf(message).birthDate = addDays(day, positive ? rng.int(1, 400) : -rng.int(400, 20_000));
    else patientOf(message).deceasedDateTime = `${addDays(day, positive ? -rng.int(1, 400) : rng.int(1, 400))}T00:00:00Z`;
    return probe(store, t, [], message);
  },
  'beyond-preauth': (rng, positive) => async (store, t) => {
    // 2a asks for 012, 515 and 618, one each; an approval's period is 30 days from its service date.
    const preauth = patientMessage(rng, PREAUTH);
    await submit(store, preauth, t);
    const rejected = positive && rng.chance(0.2);
    const ref = (await decide(store, preauth, !rejected, new Date(item(preauth).servicedDate))).preAuthRef as string;
    const variant = rejected ? 'rejected' : positive ? rng.pick(['quantity', 'service', 'period']) : 'clean';
    const code = variant === 'service' ? rng.pick(['434', '83620-00-10']) : rng.pick(['012', '515', '618']);
    const claim = samePatient(withService(patientMessage(rng), code, variant === 'quantity' ? rng.int(2, 4) : 1), preauth);
    claimOf(claim).insurance[0].preAuthRef = [ref];
    onDay(claim, addDays(item(preauth).servicedDate, variant === 'period' ? rng.int(31, 120) : rng.int(0, 29)));
    return submit(store, claim, t);
  },
  'provider-outlier': (rng, positive) => async (store, t) => {
    const claim = fromProvider(withService(patientMessage(rng), OUTLIER_SERVICE), 'N-F-00003');
    return submit(store, priced(claim, positive ? rng.int(200, 400) : rng.int(85, 115)), t);
  },
};

/** The peers provider-outlier compares with: 40 claims of the eval's service from another provider, 100 SAR ± 10. */
export async function outlierPeers(store: GatewayStore, rng: Rng, timings: number[]): Promise<void> {
  for (let i = 0; i < 40; i++) await submit(store, priced(fromProvider(withService(patientMessage(rng), OUTLIER_SERVICE), OUTLIER_PEER), rng.int(90, 110)), timings);
}

/** `perFamily` positive and `perFamily` negative cases of each family, interleaved, from `seed`. */
export function fwaCases(perFamily: number, seed: number): FwaCase[] {
  const rng = new Rng(seed);
  const cases: FwaCase[] = [];
  for (let i = 0; i < perFamily; i++) {
    for (const [family, build] of Object.entries(BUILDERS) as [FamilyId, Build][]) {
      for (const positive of [true, false]) cases.push({ family, positive, run: build(new Rng(rng.int(1, 2 ** 31)), positive) });
    }
  }
  return cases;
}
