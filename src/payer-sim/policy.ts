/**
 * A payer that decides by a policy file (issue 14, item 3; README, "Reference payer: a payer with a
 * policy"): the first rule whose conditions all hold decides, else the default; then `noise` flips
 * that share of decisions. The flip is drawn from a hash of the policy's seed and the request's
 * Bundle.id, not from a stream, so a message gets the same decision whatever order the payer polls
 * in, on a redelivery and in another run: tests and training runs can reproduce every label.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '../fhir/json.js';
import { claimFacts, type ClaimFacts } from './policy-facts.js';
import type { Conditions, Decision, Policy } from './policy-types.js';

export type { Conditions, Decision, Policy, PolicyRule, Verdict } from './policy-types.js';
export { loadPolicy, parsePolicy, PolicyError } from './policy-parse.js';
export { claimFacts, type ClaimFacts } from './policy-facts.js';

/**
 * The policy's decision on a prior-authorization or claim message (the whole request Bundle).
 * `rng` draws the noise; by default `messageDraw(policy.seed, Bundle.id)`. A message without a
 * focal Claim is approved (there is nothing to judge).
 */
export function decide(bundle: JsonObject, policy: Policy, rng?: () => number): Decision {
  const facts = claimFacts(bundle);
  if (!facts) return { decision: 'approve' };
  const decided = applyNoise(ruled(facts, policy), policy, rng ?? (() => messageDraw(policy.seed, facts.bundleId ?? '')));
  const display = decided.reason === undefined ? undefined : policy.displays[decided.reason];
  return display === undefined ? decided : { ...decided, reasonDisplay: display };
}

/** The rules' decision before noise. */
function ruled(facts: ClaimFacts, policy: Policy): Decision {
  const index = policy.rules.findIndex((rule) => holds(rule.when, facts));
  if (index < 0) return policy.default === 'reject' ? { decision: 'reject', ...(policy.defaultReason ? { reason: policy.defaultReason } : {}) } : { decision: 'approve' };
  const rule = policy.rules[index]!;
  return rule.decision === 'reject' ? { decision: 'reject', ...(rule.reason ? { reason: rule.reason } : {}), ruleIndex: index } : { decision: 'approve', ruleIndex: index };
}

function applyNoise(decided: Decision, policy: Policy, rng: () => number): Decision {
  if (policy.noise <= 0 || rng() >= policy.noise) return decided;
  const base = decided.ruleIndex === undefined ? {} : { ruleIndex: decided.ruleIndex };
  return decided.decision === 'approve' ? { decision: 'reject', reason: policy.noiseReason, ...base, flipped: true } : { decision: 'approve', ...base, flipped: true };
}

/** A uniform draw in [0, 1) fixed by the seed and the message: the first 48 bits of SHA-256(seed ":" id). */
export function messageDraw(seed: number, bundleId: string): number {
  const digest = createHash('sha256').update(`${seed}:${bundleId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Do all of the conditions hold for the message? */
export function holds(when: Conditions, facts: ClaimFacts): boolean {
  const anyIn = (values: readonly string[], list: readonly string[] | undefined, normalise = identity): boolean => values.some((v) => matches(v, list ?? [], normalise));
  if (when.claimType && !(facts.claimType !== undefined && when.claimType.includes(facts.claimType))) return false;
  if (when.service && !anyIn(facts.services, when.service)) return false;
  if (when.serviceNotIn && anyIn(facts.services, when.serviceNotIn)) return false;
  if (when.diagnosis && !anyIn(facts.diagnoses, when.diagnosis, icd)) return false;
  if (when.diagnosisNotIn && anyIn(facts.diagnoses, when.diagnosisNotIn, icd)) return false;
  if (when.netAbove !== undefined && !(facts.net !== undefined && facts.net > when.netAbove)) return false;
  if (when.netBelow !== undefined && !(facts.net !== undefined && facts.net < when.netBelow)) return false;
  if (when.quantityAbove !== undefined && !facts.quantities.some((q) => q > when.quantityAbove!)) return false;
  if (when.ageUnder !== undefined && !(facts.age !== undefined && facts.age < when.ageUnder)) return false;
  if (when.ageAbove !== undefined && !(facts.age !== undefined && facts.age > when.ageAbove)) return false;
  if (when.gender && !(facts.gender !== undefined && when.gender.includes(facts.gender))) return false;
  if (when.provider && !(facts.provider !== undefined && when.provider.includes(facts.provider))) return false;
  if (when.supportingInfoMissing && !when.supportingInfoMissing.some((category) => !facts.supportingInfo.includes(category))) return false;
  return true;
}

/** A code against a list: exact, or by prefix where the listed code ends in `*`. */
function matches(code: string, list: readonly string[], normalise: (c: string) => string): boolean {
  const value = normalise(code);
  return list.some((listed) => (listed.endsWith('*') ? value.startsWith(normalise(listed.slice(0, -1))) : value === normalise(listed)));
}

function identity(code: string): string {
  return code;
}

/** ICD-10 codes are written with and without the dot (S62.10, S6210): compare without it. */
function icd(code: string): string {
  return code.replace('.', '').trim().toUpperCase();
}
