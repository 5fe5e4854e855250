/**
 * The payer's decision on a prior authorization or claim, read from its answer (the labels the
 * approval model learns from): `extension-adjudication-outcome` on the ClaimResponse, else on its
 * items, and the reason codes of the item adjudications (`adjudication[].reason`, as sample 2b and
 * BV-00392 put them). "Approved" means approved as sent: a partial approval or a rejection is 0,
 * since it is the request as sent that the score is about. An answer without an adjudication
 * (outcome error or queued) is no decision and is left out.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../fhir/json.js';

export interface PayerDecision {
  readonly approved: boolean;
  /** Reason codes of rejected items, sorted, once each. */
  readonly reasons: readonly string[];
}

const OUTCOME_EXTENSION = 'extension-adjudication-outcome';

export function decisionOf(answer: Record<string, unknown>): PayerDecision | undefined {
  const response = asArray(answer.entry)
    .map((raw) => asObject(asObject(raw)?.resource))
    .find((resource) => resource?.resourceType === 'ClaimResponse');
  if (!response) return undefined;
  const reasons = new Set<string>();
  const itemOutcomes: string[] = [];
  for (const raw of asArray(response.item)) {
    const item = asObject(raw);
    if (!item) continue;
    const outcome = outcomeOf(item);
    if (outcome !== undefined) itemOutcomes.push(outcome);
    for (const line of asArray(item.adjudication)) {
      for (const coding of asArray(asObject(asObject(line)?.reason)?.coding)) {
        const code = asString(asObject(coding)?.code);
        if (code !== undefined) reasons.add(code);
      }
    }
  }
  const outcome = outcomeOf(response) ?? summarise(itemOutcomes);
  if (outcome === undefined) return undefined;
  const approved = outcome === 'approved';
  return { approved, reasons: approved ? [] : [...reasons].sort() };
}

function outcomeOf(element: JsonObject): string | undefined {
  const extension = asArray(element.extension).map(asObject).find((e) => asString(e?.url)?.endsWith(OUTCOME_EXTENSION));
  const code = firstCode(extension?.valueCodeableConcept);
  return code === 'approved' || code === 'rejected' || code === 'partial' ? code : undefined;
}

function summarise(items: readonly string[]): string | undefined {
  if (items.length === 0) return undefined;
  return items.every((o) => o === 'approved') ? 'approved' : 'rejected';
}
