/**
 * Reads and checks a payer policy file (README, "Reference payer: a payer with a policy"). Every
 * refusal is a PolicyError naming the field (`rules[2].when.ageUnder`), so a policy that would
 * silently decide something else than its author meant (a misspelt condition, a reason code NPHIES
 * does not have) never runs.
 */
import { readFileSync } from 'node:fs';
import type { JsonObject } from '../fhir/json.js';
import { loadReasonCodes, type ReasonCodes } from './reason-codes.js';
import type { Conditions, Policy, PolicyRule, Verdict } from './policy-types.js';

export class PolicyError extends Error {
  readonly code = 'WASL_ERR_INVALID_POLICY';
  constructor(
    /** The faulty field, as a path into the policy JSON; '' for the whole file. */
    readonly field: string,
    problem: string,
  ) {
    super(field === '' ? problem : `${field}: ${problem}`);
    this.name = 'PolicyError';
  }
}

const TOP_LEVEL = new Set(['default', 'defaultReason', 'noise', 'noiseReason', 'seed', 'rules', 'comment']);
const RULE_KEYS = new Set(['when', 'decision', 'reason', 'comment']);
const LIST_CONDITIONS = ['claimType', 'service', 'serviceNotIn', 'diagnosis', 'diagnosisNotIn', 'gender', 'provider', 'supportingInfoMissing'] as const;
const NUMBER_CONDITIONS = ['netAbove', 'netBelow', 'quantityAbove', 'ageUnder', 'ageAbove'] as const;
const CONDITIONS = new Set<string>([...LIST_CONDITIONS, ...NUMBER_CONDITIONS]);
/** A noise flip that turns an approval into a rejection needs a reason: clinically not justified, unless the policy says otherwise. */
const DEFAULT_NOISE_REASON = 'MN-1-1';

/** Reads a policy file; the reason codes default to the package's compiled NPHIES table. */
export function loadPolicy(file: string, reasons: ReasonCodes = loadReasonCodes()): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (problem) {
    throw new PolicyError('', `cannot read ${file}: ${(problem as NodeJS.ErrnoException).code ?? String(problem)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (problem) {
    throw new PolicyError('', `${file} is not JSON: ${problem instanceof Error ? problem.message : String(problem)}`);
  }
  return parsePolicy(json, reasons);
}

export function parsePolicy(json: unknown, reasons: ReasonCodes = loadReasonCodes()): Policy {
  const root = object(json, '');
  unknownKeys(root, TOP_LEVEL, '');
  const fallback = verdict(root.default ?? 'approve', 'default');
  const noise = root.noise ?? 0;
  if (typeof noise !== 'number' || !(noise >= 0 && noise <= 1)) throw new PolicyError('noise', `a share from 0 to 1, got ${JSON.stringify(noise)}`);
  const seed = root.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new PolicyError('seed', `a whole number, got ${JSON.stringify(seed)}`);
  if (fallback === 'reject' && root.defaultReason === undefined) throw new PolicyError('defaultReason', 'required when default is "reject"');
  const defaultReason = root.defaultReason === undefined ? undefined : reason(root.defaultReason, 'defaultReason', reasons);
  const noiseReason = reason(root.noiseReason ?? DEFAULT_NOISE_REASON, 'noiseReason', reasons);
  const rawRules = root.rules ?? [];
  if (!Array.isArray(rawRules)) throw new PolicyError('rules', 'a list of rules');
  const rules = rawRules.map((raw, i) => rule(raw, `rules[${i}]`, reasons));
  const used = [defaultReason, noiseReason, ...rules.map((r) => r.reason)].filter((c): c is string => c !== undefined);
  const displays = Object.fromEntries(used.map((code) => [code, reasons.get(code) ?? code]));
  return { default: fallback, ...(defaultReason ? { defaultReason } : {}), noise, noiseReason, seed, rules, displays };
}

function rule(raw: unknown, at: string, reasons: ReasonCodes): PolicyRule {
  const node = object(raw, at);
  unknownKeys(node, RULE_KEYS, at);
  const decision = verdict(node.decision, `${at}.decision`);
  if (decision === 'reject' && node.reason === undefined) throw new PolicyError(`${at}.reason`, 'a rejection needs an NPHIES adjudication reason code (e.g. "AD-1-4")');
  const why = node.reason === undefined ? undefined : reason(node.reason, `${at}.reason`, reasons);
  return { when: conditions(node.when, `${at}.when`), decision, ...(why ? { reason: why } : {}) };
}

function conditions(raw: unknown, at: string): Conditions {
  const node = object(raw ?? {}, at);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!CONDITIONS.has(key)) throw new PolicyError(`${at}.${key}`, `unknown condition (known: ${[...CONDITIONS].join(', ')})`);
    if ((NUMBER_CONDITIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new PolicyError(`${at}.${key}`, `a number, got ${JSON.stringify(value)}`);
      out[key] = value;
      continue;
    }
    // A single code is taken as a list of one: `"gender": "female"` reads as its author means.
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.length === 0 || !list.every((c) => typeof c === 'string' && c.trim() !== '')) {
      throw new PolicyError(`${at}.${key}`, `a non-empty list of codes, got ${JSON.stringify(value)}`);
    }
    out[key] = list;
  }
  return out as Conditions;
}

function verdict(value: unknown, at: string): Verdict {
  if (value !== 'approve' && value !== 'reject') throw new PolicyError(at, `"approve" or "reject", got ${JSON.stringify(value)}`);
  return value;
}

function reason(value: unknown, at: string, reasons: ReasonCodes): string {
  if (typeof value !== 'string' || !reasons.has(value)) {
    throw new PolicyError(at, `not an NPHIES adjudication reason code (cc--appendix-rejection-reason): ${JSON.stringify(value)}`);
  }
  return value;
}

function object(value: unknown, at: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PolicyError(at, 'a JSON object');
  return value as JsonObject;
}

function unknownKeys(node: JsonObject, known: ReadonlySet<string>, at: string): void {
  for (const key of Object.keys(node)) if (!known.has(key)) throw new PolicyError(at === '' ? key : `${at}.${key}`, `unknown field (known: ${[...known].join(', ')})`);
}
