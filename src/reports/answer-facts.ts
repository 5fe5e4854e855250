/**
 * What a payer's first answer tells the reports about its request (issue 15, item 1), recorded on
 * the `answered` ledger entry by the writer, who knows the request: its event, the turnaround from
 * its acceptance, whether that was inside the synchronous window, the payer's decision with its
 * adjudication reason codes, and the request's approval probability (the score × decision table).
 * Keeping the join on the entry keeps the report projection a pure count.
 */
import { asArray, asObject, asString, type JsonObject } from '../fhir/json.js';
import type { MessageEnvelope } from '../fhir/message.js';
import { focalEntries } from '../fhir/message.js';
import { decisionIn } from '../risk/earlier-decision.js';
import { ADJUDICATION_REASON_SYSTEM } from '../risk/resources.js';
import type { ExchangeRecord, ReportFacts } from '../store/ports.js';

export function answerFacts(request: ExchangeRecord, envelope: MessageEnvelope, body: string, answeredAt: number, syncWindowMs: number): ReportFacts {
  const turnaroundMs = Math.max(0, answeredAt - request.receivedAt);
  const response = focalEntries(envelope)[0]?.resource;
  const decided = response?.resourceType === 'ClaimResponse' ? decisionFacts(response, body) : {};
  return {
    requestEvent: request.event,
    turnaroundMs,
    inWindow: turnaroundMs <= syncWindowMs,
    ...decided,
    ...(request.approvalProbability !== undefined ? { probability: request.approvalProbability } : {}),
  };
}

/**
 * The decision as the approval model's labels read it (risk/earlier-decision.ts, one definition of
 * "approved"; it parses the body again, only for ClaimResponses) and the items' adjudication reason codes.
 */
function decisionFacts(response: JsonObject, body: string): Pick<ReportFacts, 'decision' | 'reasons'> {
  const reasons = new Set<string>();
  for (const item of [...asArray(response.item), ...asArray(response.addItem)]) {
    for (const adjudication of asArray(asObject(item)?.adjudication)) {
      for (const coding of asArray(asObject(asObject(adjudication)?.reason)?.coding)) {
        const c = asObject(coding);
        const code = asString(c?.code);
        if (code !== undefined && asString(c?.system) === ADJUDICATION_REASON_SYSTEM) reasons.add(code);
      }
    }
  }
  const decision = decisionIn(body)?.outcome;
  return { ...(decision ? { decision } : {}), ...(reasons.size ? { reasons: [...reasons].sort() } : {}) };
}
