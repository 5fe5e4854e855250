/**
 * The training set from the store (issue 14, item 2): the ledger says which prior authorizations
 * and claims were accepted and which were answered (an `answered` entry names the request's
 * MessageHeader.id and its requester), the archive holds both bodies. Only what flowed through the
 * gateway is read; a request whose body was pruned, or whose answer holds no decision, is counted
 * and left out.
 */
import type { ArchivedMessage, LedgerEntry, LedgerFacts } from '../../store/ports.js';
import { SCORED_EVENTS } from './features.js';
import { decisionOf } from './labels.js';

/** A request the payer decided, with its decision: one training or evaluation example. */
export interface LabelledRequest {
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly bundleId: string;
  readonly receivedAt: number;
  readonly answeredAt: number;
  readonly bundle: Record<string, unknown>;
  readonly approved: boolean;
  readonly reasons: readonly string[];
}

export interface DatasetCounts {
  readonly requests: number;
  readonly answered: number;
  readonly labelled: number;
  readonly bodyMissing: number;
  readonly noDecision: number;
}

export interface DatasetSource {
  readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]>;
  archivedMessage(participant: string, bundleId: string): Promise<ArchivedMessage | undefined>;
}

interface AcceptedRequest {
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly bundleId: string;
  readonly at: number;
}

interface Answer {
  readonly request: AcceptedRequest;
  readonly payer: string;
  readonly bundleId: string;
  readonly at: number;
}

const PAGE = 1000;

/** Labelled requests in the order they were received. `progress(done, total)` follows the archive reads. */
export async function readLabelledRequests(source: DatasetSource, progress?: (done: number, total: number) => void): Promise<{ requests: LabelledRequest[]; counts: DatasetCounts }> {
  const { answers, requests } = await linkAnswers(source);
  const labelled: LabelledRequest[] = [];
  let bodyMissing = 0;
  let noDecision = 0;
  for (const [i, answer] of answers.entries()) {
    progress?.(i, answers.length);
    const { request } = answer;
    const [asked, answered] = await Promise.all([source.archivedMessage(request.sender, request.bundleId), source.archivedMessage(answer.payer, answer.bundleId)]);
    if (!asked || !answered) {
      bodyMissing++;
      continue;
    }
    const decision = decisionOf(JSON.parse(answered.body) as Record<string, unknown>);
    if (!decision) {
      noDecision++;
      continue;
    }
    labelled.push({
      ...request,
      receivedAt: request.at,
      answeredAt: answer.at,
      bundle: JSON.parse(asked.body) as Record<string, unknown>,
      approved: decision.approved,
      reasons: decision.reasons,
    });
  }
  progress?.(answers.length, answers.length);
  labelled.sort((a, b) => a.receivedAt - b.receivedAt);
  return { requests: labelled, counts: { requests, answered: answers.length, labelled: labelled.length, bodyMissing, noDecision } };
}

/** One walk of the ledger: accepted requests by (sender, MessageHeader.id), then their answers. */
async function linkAnswers(source: DatasetSource): Promise<{ answers: Answer[]; requests: number }> {
  const accepted = new Map<string, AcceptedRequest>();
  const answers: Answer[] = [];
  for (let from = 1; ; ) {
    const page = await source.readLedger(from, PAGE);
    for (const entry of page) {
      if (entry.kind !== 'accepted' && entry.kind !== 'answered') continue;
      const facts = JSON.parse(entry.body) as LedgerFacts;
      if (entry.kind === 'accepted') {
        if (facts.event === undefined || !SCORED_EVENTS.has(facts.event) || !facts.sender || !facts.recipient || !facts.bundleId || !facts.headerId) continue;
        accepted.set(`${facts.sender}|${facts.headerId}`, { sender: facts.sender, recipient: facts.recipient, event: facts.event, bundleId: facts.bundleId, at: entry.at });
        continue;
      }
      // An answer's recipient is whoever asked; its requestHeaderId names the request.
      const request = facts.recipient && facts.requestHeaderId ? accepted.get(`${facts.recipient}|${facts.requestHeaderId}`) : undefined;
      if (request && facts.bundleId) answers.push({ request, payer: facts.sender ?? request.recipient, bundleId: facts.bundleId, at: entry.at });
    }
    if (page.length < PAGE) break;
    from = page[page.length - 1]!.seq + 1;
  }
  return { answers, requests: accepted.size };
}
