/**
 * The risk stage of the accept path (issue 14; SPEC section 8): after validation, before the
 * delivered bytes are fixed and signed. For a prior authorization or claim it scores the approval
 * probability, runs the duplicate and FWA families against the store's history, and gives back
 *   - the bytes to deliver: the sender's bytes with a RiskAssessment and one DetectedIssue per
 *     finding appended at the end of `Bundle.entry` (the sender's entries unchanged), and
 *   - the history lines to record in the same write as the accept.
 * The provider never sees these entries: its answers are built from its own message, and the
 * archive gives it back what it sent.
 */
import type { MessageEnvelope } from '../fhir/message.js';
import type { KeyedIdentifierHash } from '../routing/ledger-note.js';
import { StoreUnavailableError } from '../store/ports.js';
import type { RiskHistory, RiskHistoryItem, RiskHistoryRecord } from '../store/risk-history.js';
import type { ApprovalScorer } from './approval/scorer.js';
import { appendEntries } from './append.js';
import { claimFacts, type ClaimFacts } from './claim-facts.js';
import { decisionReader, type EarlierMessages } from './earlier-decision.js';
import type { FwaCodeSystem } from './fwa-code-system.js';
import type { FwaDetector } from './fwa/detector.js';
import type { FamilyId } from './fwa/family.js';
import { detectedIssueEntry, riskAssessmentEntry } from './resources.js';

/** The events the stage reads (batch claims are delivered as sent: see the README's risk section). */
export const RISK_EVENTS: ReadonlySet<string> = new Set(['priorauth-request', 'claim-request']);

export interface RiskStageOptions {
  readonly history: RiskHistory;
  /** Earlier decisions: the exchange with its answer, and a prior authorization's request from the archive. */
  readonly exchanges: EarlierMessages;
  readonly detector: FwaDetector;
  /** Left out: no RiskAssessment (the families still run). */
  readonly scorer?: Pick<ApprovalScorer, 'score'>;
  readonly codes: FwaCodeSystem;
  readonly baseUrl: string;
  readonly identifierHash?: KeyedIdentifierHash;
  /** A check that failed (a bug, a bad model file): the message goes on without its result. */
  readonly onError?: (problem: unknown, check: 'score' | 'families') => void;
}

export interface RiskInput {
  readonly envelope: MessageEnvelope;
  readonly raw: string;
  readonly event: string;
  readonly sender: string;
  readonly recipient: string;
  readonly receivedAt: number;
}

export interface RiskResult {
  /** The bytes the recipient receives: `raw` itself when nothing was appended. */
  readonly delivered: string;
  readonly record?: RiskHistoryRecord;
  /** Families that fired, one per DetectedIssue. */
  readonly families: readonly FamilyId[];
  readonly probability?: number;
}

export class RiskStage {
  readonly #o: RiskStageOptions;

  constructor(options: RiskStageOptions) {
    this.#o = options;
  }

  async assess(input: RiskInput): Promise<RiskResult | undefined> {
    if (!RISK_EVENTS.has(input.event)) return undefined;
    const facts = claimFacts(input.envelope, this.#o.identifierHash);
    if (!facts) return undefined;
    // Advice to the payer, not a condition of acceptance: a check that throws is reported and left
    // out, and the message is delivered without it. Only an unreachable store goes through, since
    // the accept that follows could not be written either.
    let score: ReturnType<ApprovalScorer['score']>;
    try {
      score = this.#o.scorer?.score({ bundle: input.envelope.bundle, sender: input.sender, recipient: input.recipient, event: input.event, receivedAt: input.receivedAt });
    } catch (problem) {
      this.#o.onError?.(problem, 'score');
      score = undefined;
    }
    let found: Awaited<ReturnType<FwaDetector['detect']>>;
    try {
      found = await this.#o.detector.detect(this.#o.history, { facts, event: input.event, sender: input.sender, recipient: input.recipient, decisionOf: decisionReader(this.#o.exchanges) });
    } catch (problem) {
      if (problem instanceof StoreUnavailableError) throw problem;
      this.#o.onError?.(problem, 'families');
      found = [];
    }
    const ctx = { at: new Date(input.receivedAt).toISOString(), baseUrl: this.#o.baseUrl, codes: this.#o.codes };
    const entries = [...(score ? [riskAssessmentEntry(facts, score, ctx)] : []), ...found.map((f) => detectedIssueEntry(facts, f, input.recipient, ctx))];
    const record = historyRecord(facts, input);
    return {
      delivered: appendEntries(input.raw, entries),
      ...(record ? { record } : {}),
      families: found.map((f) => f.family),
      ...(score ? { probability: score.probability } : {}),
    };
  }
}

/** The lines recorded in the risk history with the accept; none without a keyed patient. */
function historyRecord(facts: ClaimFacts, input: RiskInput): RiskHistoryRecord | undefined {
  const patientKey = facts.patientKey;
  const headerId = input.envelope.headerId;
  const bundleId = input.envelope.bundleId;
  if (patientKey === undefined || headerId === undefined || bundleId === undefined || facts.lines.length === 0) return undefined;
  const items = facts.lines.map(
    (l): RiskHistoryItem => ({
      patientKey,
      day: l.day,
      service: l.service,
      quantity: l.quantity,
      net: l.net,
      unitPrice: l.unitPrice,
      event: input.event,
      sender: input.sender,
      recipient: input.recipient,
      bundleId,
      headerId,
      identifier: facts.identifier,
      line: l.line,
      ...(facts.stay ? { stay: facts.stay } : {}),
    }),
  );
  return { items };
}
