/**
 * Decided prior authorizations built in memory from the official professional sample (5a), for
 * unit tests of the approval model that need no gateway: diagnosis, service, patient age and
 * gender, net and quantity varied; the decision given by a rule the test chooses.
 */
import { mulberry32 } from '../../src/risk/approval/gbdt.js';
import type { LabelledRequest } from '../../src/risk/approval/dataset.js';
import { sample } from './samples.js';

export interface RequestFacts {
  readonly dx: string;
  readonly svc: string;
  readonly age: number;
  readonly gender: 'male' | 'female';
  readonly net: number;
  readonly quantity: number;
}

const DIAGNOSES = ['S83.1', 'J06.9', 'M54.5', 'E11.9', 'I10', 'K21.9'];
const SERVICES = ['83620-00-10', '96199-00-10', '30473-00-10', '55036-00-10'];

export function priorauthWith(facts: RequestFacts): Record<string, unknown> {
  const bundle = structuredClone(sample('5a-preauth-professional-request.json').json);
  for (const entry of bundle.entry) {
    const r = entry.resource;
    if (r.resourceType === 'Patient') {
      r.gender = facts.gender;
      r.birthDate = `${2021 - facts.age}-06-01`;
    }
    if (r.resourceType === 'Claim') {
      r.created = '2021-10-07';
      r.diagnosis[0].diagnosisCodeableConcept.coding[0].code = facts.dx;
      r.item[0].productOrService.coding[0].code = facts.svc;
      r.item[0].quantity = { value: facts.quantity };
      r.item[0].net = { value: facts.net, currency: 'SAR' };
      r.total = { value: facts.net, currency: 'SAR' };
    }
  }
  return bundle;
}

/** `n` requests, received one minute apart from `start`, decided by `rejects` (its reason code, or undefined to approve). */
export function decidedRequests(n: number, seed: number, rejects: (facts: RequestFacts) => string | undefined, start = Date.UTC(2026, 0, 1)): LabelledRequest[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const facts: RequestFacts = {
      dx: pick(DIAGNOSES),
      svc: pick(SERVICES),
      age: Math.floor(random() * 80),
      gender: random() < 0.5 ? 'male' : 'female',
      net: Math.round(random() * 2000),
      quantity: 1 + Math.floor(random() * 5),
    };
    const reason = rejects(facts);
    return {
      sender: 'N-F-00001',
      recipient: 'N-I-00001',
      event: 'priorauth-request',
      bundleId: `synthetic-${seed}-${i}`,
      receivedAt: start + i * 60_000,
      answeredAt: start + i * 60_000 + 1000,
      bundle: priorauthWith(facts),
      approved: reason === undefined,
      reasons: reason === undefined ? [] : [reason],
    };
  });
}
