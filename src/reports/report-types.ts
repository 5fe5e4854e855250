/**
 * The compliance report as data (issue 15, items 1 to 3): what `GET /reports/compliance`,
 * `GET /reports/mine`, the dashboard and `wasl report` all render. One type, built once by
 * `buildComplianceReport` (src/reports/build-report.ts) from the ledger projections and the
 * queue's live stats; JSON is this object as is, CSV and HTML are views of it.
 *
 * For the dashboard and CLI (item 4): import these types, and `buildComplianceReport` from
 * `src/reports/build-report.ts` (a stub throwing WASL_ERR_REPORT_UNAVAILABLE until the builder
 * lands in the same file, same signature). Codes appear only as `CodeDisplay` (both languages
 * always present; `display` is the query's language).
 *
 * Conventions:
 *   - days are UTC days `YYYY-MM-DD`; a period is `from`..`to`, both included;
 *   - every share is a `Ratio` (numerator, denominator, rate = numerator / denominator rounded to
 *     4 decimals, null when the denominator is 0), so a renderer never divides by zero and a test
 *     checks the counts exactly;
 *   - every `trend` array has one element per day of `period.days`, in order, zero-filled;
 *   - durations are whole milliseconds; turnaround percentiles are the upper bound of the
 *     histogram bucket holding the percentile (TURNAROUND_BOUNDS_MS), null when nothing was answered.
 */
import type { Language } from '../findings/catalogue.js';
import type { ProjectionStore } from '../store/projection-port.js';
import type { MessageQueue } from '../store/ports.js';

export type ReportGroupBy = 'provider' | 'payer' | 'event';
export type ReportFormat = 'json' | 'csv' | 'html';
export const REPORT_GROUP_BYS: readonly ReportGroupBy[] = ['provider', 'payer', 'event'];

/**
 * Upper bounds (ms, 1-2-5 log scale) of the turnaround histogram; a turnaround above the last
 * bound is counted in the last bucket. Changing these changes the projection's name.
 */
export const TURNAROUND_BOUNDS_MS: readonly number[] = [
  10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000,
  43_200_000, 86_400_000, 259_200_000, 604_800_000, 2_592_000_000,
];

/** Lower bounds of the RiskAssessment probability buckets: [0, 0.1), [0.1, 0.2) ... [0.9, 1]. */
export const PROBABILITY_BUCKETS = 10;

export interface ReportQuery {
  /** First UTC day, included. */
  readonly from: string;
  /** Last UTC day, included; at most 366 days after `from`. */
  readonly to: string;
  readonly groupBy?: ReportGroupBy;
  /** The language of every `CodeDisplay.display` (both are always in `displays`). */
  readonly language: Language;
}

/** Whose figures: the whole sector (regulator), or one participant's own (`/reports/mine`). */
export type ReportScope = { readonly kind: 'sector' } | { readonly kind: 'participant'; readonly licence: string };

export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, 4 decimals; null when the denominator is 0. */
  readonly rate: number | null;
}

/** An official code with its display in the query's language and in both. */
export interface CodeDisplay {
  readonly code: string;
  /** The code system: `rule` = NPHIES rule catalogue or Wasl's own codes; `adjudication-reason`; `fwa-family`. */
  readonly system: 'rule' | 'adjudication-reason' | 'fwa-family';
  readonly display: string;
  /** Arabic falls back to English where the official list has no Arabic (the adjudication reasons). */
  readonly displays: { readonly en: string; readonly ar: string };
}

export interface Percentiles {
  /** Answers counted (the histogram's total). */
  readonly answered: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

// ---- volumes -------------------------------------------------------------------------------

export interface VolumeFigures {
  /** Messages accepted (one per new message: resends and reused ids write no ledger entry). */
  readonly accepted: number;
  readonly rejected: number;
  /** accepted / (accepted + rejected). */
  readonly firstPass: Ratio;
}

export interface EventVolume extends VolumeFigures {
  readonly event: string;
}

// ---- rejections ----------------------------------------------------------------------------

export interface RejectionCodeRow {
  readonly code: CodeDisplay;
  /** Rejected messages carrying this code (each message counts once per code). */
  readonly messages: number;
  /** messages / every rejected message in scope. */
  readonly share: Ratio;
}

export interface RejectionFigures {
  readonly rejected: number;
  /** Most frequent first (ties by code), at most 20. */
  readonly topCodes: readonly RejectionCodeRow[];
}

// ---- compliance ----------------------------------------------------------------------------

/** MDS: priorauth-request and claim-request messages (accepted + rejected) without an IC- or IB- code. */
export interface MdsFigures {
  readonly overall: Ratio;
  readonly byEvent: readonly { readonly event: string; readonly compliant: Ratio }[];
}

/** Items of accepted priorauth and claim requests coded in a Saudi Billing System code system. */
export interface BillingCodeFigures {
  readonly overall: Ratio;
  readonly byEvent: readonly { readonly event: string; readonly sbsItems: Ratio }[];
  /** The code systems counted as SBS (from the terminology data's `licensed.sbs`). */
  readonly systems: readonly string[];
}

/** Accepted messages with no finding at all (no warning either) / accepted + rejected. */
export interface DataQualityFigures {
  readonly clean: Ratio;
}

// ---- turnaround and adjudication -----------------------------------------------------------

export interface TurnaroundRow extends Percentiles {
  readonly payer: string;
  /** The request's event (priorauth-request, claim-request, ...). */
  readonly event: string;
  /** Answered within the synchronous window / answered. */
  readonly inWindow: Ratio;
}

export interface TurnaroundFigures {
  /** The synchronous window the gateway ran with when the answers were recorded (now). */
  readonly windowMs: number;
  readonly boundsMs: readonly number[];
  readonly overall: Percentiles & { readonly inWindow: Ratio };
  readonly rows: readonly TurnaroundRow[];
}

export interface PayerDecisionRow {
  readonly payer: string;
  /** First answers to priorauth and claim requests carrying a decision. */
  readonly decided: number;
  readonly approved: Ratio;
  readonly rejected: Ratio;
  /** Adjudication reason codes of the payer's answers, most frequent first. */
  readonly reasons: readonly { readonly code: CodeDisplay; readonly answers: number }[];
}

export interface AdjudicationFigures {
  /** Accepted prior authorizations answered inside the window / accepted prior authorizations. */
  readonly priorauthsInWindow: Ratio;
  readonly payers: readonly PayerDecisionRow[];
}

// ---- backlog (live, not of the period) -----------------------------------------------------

export interface BacklogRow {
  readonly recipient: string;
  readonly queued: number;
  readonly available: number;
  /** now − the oldest entry's enqueue time; null when empty. */
  readonly oldestAgeMs: number | null;
  readonly deadLetters: number;
}

export interface BacklogFigures {
  /** When the queue was read (ISO). */
  readonly at: string;
  readonly queued: number;
  readonly deadLetters: number;
  readonly recipients: readonly BacklogRow[];
}

// ---- risk ----------------------------------------------------------------------------------

export interface RiskFigures {
  /** Accepted priorauth/claim requests that carried risk facts (entries before issue 14 have none). */
  readonly assessed: number;
  readonly detectedIssues: number;
  readonly byFamily: readonly { readonly family: CodeDisplay; readonly count: number }[];
  readonly byProvider: readonly { readonly provider: string; readonly count: number }[];
  readonly byPayer: readonly { readonly payer: string; readonly count: number }[];
  /**
   * RiskAssessment probability bucket (of PROBABILITY_BUCKETS, `from` included, `to` excluded but
   * 1 in the last) × the payer's first decision: `assessed` counts accepted requests scored in the
   * period, `approved`/`rejected` the decisions recorded in the period on requests that were scored.
   */
  readonly scores: readonly { readonly from: number; readonly to: number; readonly assessed: number; readonly approved: number; readonly rejected: number }[];
}

// ---- groups and trend ----------------------------------------------------------------------

/** The headline figures of one provider, payer or event (groupBy), or of one day (trend). */
export interface HeadlineFigures extends VolumeFigures {
  readonly mds: Ratio;
  readonly billingCodes: Ratio;
  readonly dataQuality: Ratio;
  readonly turnaround: Percentiles;
  readonly inWindow: Ratio;
  readonly priorauthsInWindow: Ratio;
  readonly approved: Ratio;
  readonly detectedIssues: number;
}

export interface GroupRow extends HeadlineFigures {
  /** The licence (provider, payer) or event code. */
  readonly key: string;
}

export interface DayFigures extends HeadlineFigures {
  readonly day: string;
}

export interface ComplianceReport {
  readonly period: { readonly from: string; readonly to: string; readonly days: readonly string[] };
  readonly generatedAt: string;
  readonly scope: ReportScope;
  readonly language: Language;
  readonly totals: HeadlineFigures;
  readonly volumes: { readonly byEvent: readonly EventVolume[] };
  readonly rejections: RejectionFigures;
  readonly mds: MdsFigures;
  readonly billingCodes: BillingCodeFigures;
  readonly dataQuality: DataQualityFigures;
  readonly turnaround: TurnaroundFigures;
  readonly adjudication: AdjudicationFigures;
  readonly backlog: BacklogFigures;
  readonly risk: RiskFigures;
  /** Present when the query had `groupBy`; ordered by key. */
  readonly groupBy?: ReportGroupBy;
  readonly groups?: readonly GroupRow[];
  /** One element per day of the period: the trend of every headline figure. */
  readonly trend: readonly DayFigures[];
}

/** Display texts of the codes a report names (src/reports/displays.ts loads them from the data files). */
export interface ReportDisplays {
  display(system: CodeDisplay['system'], code: string, language: Language): string;
}

/** What a report is built from: the projections, the queue's live stats, the code displays. */
export interface ReportSource {
  readonly projections: Pick<ProjectionStore, 'counters'>;
  readonly queue: Pick<MessageQueue, 'queueReport' | 'deadLetters'>;
  readonly displays: ReportDisplays;
  readonly syncWindowMs: number;
  /** SBS code system URLs (reported as `billingCodes.systems`). */
  readonly sbsSystems: readonly string[];
  /** A participant's role (`provider`, `payer`...), so groupBy provider|payer picks the right side of each exchange; left out, provider = requester and payer = addressee. */
  readonly roleOf?: (licence: string) => string | undefined;
  /** Epoch ms; the backlog's ages and `generatedAt` (default Date.now). */
  readonly now?: () => number;
}

/** The signature of src/reports/build-report.ts (kept here so renderers depend on types only). */
export type BuildComplianceReport = (source: ReportSource, query: ReportQuery, scope: ReportScope) => Promise<ComplianceReport>;
