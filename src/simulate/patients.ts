/**
 * A stable pool of patients, drawn from the run's seed: each message names one of them, some far
 * more often than others (a skew like real practices'), so patients build up a history across prior
 * authorizations and claims, as the risk checks and the approval model expect of real traffic.
 */
import type { Catalogue } from './catalogue.js';
import type { Rng } from './rng.js';

export interface SimPatient {
  /** National ID / iqama number: 10 digits, as NPHIES identifiers are. */
  readonly identifier: string;
  readonly given: string;
  readonly family: string;
  readonly gender: 'male' | 'female';
  readonly birthDate: string;
}

export function patientPool(size: number, rng: Rng, catalogue: Catalogue, today: Date): SimPatient[] {
  const seen = new Set<string>();
  const pool: SimPatient[] = [];
  while (pool.length < size) {
    const identifier = `${rng.pick(['1', '2'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
    if (seen.has(identifier)) continue;
    seen.add(identifier);
    const gender = rng.chance(0.5) ? 'male' : 'female';
    // Ages 1 to 85: newborn claims carry rules of their own (BV-00553) that these templates do not meet.
    const age = rng.int(1, 85);
    const birth = new Date(Date.UTC(today.getUTCFullYear() - age, rng.int(0, 11), rng.int(1, 28)));
    if (birth.getTime() > today.getTime() - 366 * 86_400_000) birth.setUTCFullYear(birth.getUTCFullYear() - 1);
    pool.push({ identifier, given: rng.pick(catalogue.names[gender]), family: rng.pick(catalogue.names.family), gender, birthDate: birth.toISOString().slice(0, 10) });
  }
  return pool;
}

/** A patient of the pool, the first ones more often (weight 1/√(rank+1): the first of 40 gets about 7 % of the messages). */
export function drawPatient(pool: readonly SimPatient[], rng: Rng): SimPatient {
  const weight = (i: number) => 1 / Math.sqrt(i + 1);
  const total = pool.reduce((sum, _p, i) => sum + weight(i), 0);
  let r = rng.next() * total;
  for (let i = 0; i < pool.length; i += 1) if ((r -= weight(i)) < 0) return pool[i]!;
  return pool[pool.length - 1]!;
}
