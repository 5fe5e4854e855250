/**
 * A fraud-waste-abuse family (issue 14, item 5): a named rule, its thresholds and code tables read
 * from `schemas/risk/fwa/<family>.json` and compiled once at start, and a check over one claim's
 * facts and the patient's history from the store. Findings are values (STYLE 1): the family, a
 * severity, an English detail, and the earlier message when there is one; the DetectedIssue is
 * built from them elsewhere (risk/resources.ts).
 */
import type { RiskHistoryItem, ServicePeerStats } from '../../store/risk-history.js';
import type { ClaimFacts } from '../claim-facts.js';

export const FAMILY_IDS = [
  'duplicate-exact',
  'duplicate-near',
  'resubmission',
  'unbundling',
  'quantity-limit',
  'frequency-limit',
  'age-gender',
  'date-impossible',
  'beyond-preauth',
  'provider-outlier',
] as const;
export type FamilyId = (typeof FAMILY_IDS)[number];

export type Severity = 'high' | 'moderate' | 'low';

/** The payer's decision on an earlier request, read from its answer (only when a family asks). */
export interface EarlierDecision {
  readonly outcome: 'approved' | 'rejected';
  /** From a prior authorization's answer: its preAuthRef, period and approved quantity per service. */
  readonly preAuthRef?: string;
  readonly period?: readonly [number, number];
  readonly approvedQuantities?: ReadonlyMap<string, number>;
}

export interface FamilyContext {
  readonly facts: ClaimFacts;
  readonly event: string;
  readonly sender: string;
  readonly recipient: string;
  /** The patient's earlier lines (never this message's) within the widest window of the enabled families. */
  readonly history: readonly RiskHistoryItem[];
  /** Unit-price statistics of this claim's services (only when provider-outlier is enabled). */
  readonly peers: readonly ServicePeerStats[];
  /** The payer's decision on the earlier message a history line belongs to (a store read, memoised per message). */
  decisionOf(item: RiskHistoryItem): Promise<EarlierDecision | undefined>;
}

export interface Detection {
  readonly family: FamilyId;
  readonly severity: Severity;
  readonly detail: string;
  /** The earlier message implicated, when there is one. */
  readonly earlier?: RiskHistoryItem;
}

/** What every family's data file has; the rest is the family's own. */
export interface FamilyConfig {
  readonly enabled: boolean;
  readonly severity: Severity;
}

export interface FwaFamily<C extends FamilyConfig = FamilyConfig> {
  readonly id: FamilyId;
  /** Validates and compiles the family's data file (throws RiskConfigError naming the file). */
  compile(data: Record<string, unknown>, file: string): C;
  /** Days of history before and after the claim's lines the check reads (0: none). */
  windowDays(config: C): number;
  readonly usesPeerStats?: boolean;
  check(ctx: FamilyContext, config: C): Detection[] | Promise<Detection[]>;
}

/** A data file the families cannot run with: the gateway refuses to start, naming the file. */
export class RiskConfigError extends Error {
  readonly code = 'WASL_ERR_RISK_CONFIG';
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'RiskConfigError';
  }
}

const SEVERITIES = new Set<Severity>(['high', 'moderate', 'low']);

/** The common part of a family's data file. */
export function baseConfig(data: Record<string, unknown>, file: string, fallback: Severity): FamilyConfig {
  const severity = data.severity ?? fallback;
  if (!SEVERITIES.has(severity as Severity)) throw new RiskConfigError(file, `severity must be high, moderate or low, got ${String(severity)}`);
  if (data.enabled !== undefined && typeof data.enabled !== 'boolean') throw new RiskConfigError(file, 'enabled must be true or false');
  return { enabled: data.enabled !== false, severity: severity as Severity };
}

/** A non-negative number from a data file, or its default. */
export function numberField(data: Record<string, unknown>, key: string, file: string, fallback: number): number {
  const value = data[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RiskConfigError(file, `${key} must be a non-negative number`);
  return value;
}

/** A table (array of objects) from a data file. */
export function tableField(data: Record<string, unknown>, key: string, file: string): Record<string, unknown>[] {
  const value = data[key] ?? [];
  if (!Array.isArray(value) || value.some((row) => typeof row !== 'object' || row === null || Array.isArray(row))) throw new RiskConfigError(file, `${key} must be an array of objects`);
  return value as Record<string, unknown>[];
}

/** A service as the tables name it: `code`, or `system|code` when the system matters. */
export function serviceMatches(pattern: string, service: string, code: string): boolean {
  return pattern.includes('|') ? pattern === service : pattern === code;
}

/** Lines of this patient's history that belong to other messages of the same kind. */
export function earlierOfSameEvent(ctx: FamilyContext): RiskHistoryItem[] {
  return ctx.history.filter((h) => h.event === ctx.event);
}

export function dateText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The code part of a `system|code` service. */
export function codeOf(service: string): string {
  return service.slice(service.indexOf('|') + 1);
}
