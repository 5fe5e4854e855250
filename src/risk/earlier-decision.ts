/**
 * The payer's decision on an earlier prior authorization or claim, read from the answer the store
 * recorded for it (the ClaimResponse the payer sent): approved when the response's adjudication
 * outcome says so (NPHIES `extension-adjudication-outcome` approved or partial) or, without it, when
 * some item was granted a benefit. For a prior authorization also its preAuthRef and period.
 * Read only when a family needs it, on the rare path where a line already matched.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';
import type { MessageStore } from '../store/ports.js';
import type { RiskHistoryItem } from '../store/risk-history.js';
import { dayOf } from './claim-facts.js';
import type { EarlierDecision } from './fwa/family.js';

const OUTCOME_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome';

function claimResponseOf(body: string): JsonObject | undefined {
  try {
    const bundle = asObject(JSON.parse(body));
    return asArray(bundle?.entry).map((e) => asObject(asObject(e)?.resource)).find((r) => r?.resourceType === 'ClaimResponse');
  } catch {
    return undefined;
  }
}

function outcomeCode(resource: JsonObject | undefined): string | undefined {
  const ext = asArray(resource?.extension).map(asObject).find((e) => e?.url === OUTCOME_EXTENSION);
  return firstCode(ext?.valueCodeableConcept);
}

function granted(response: JsonObject): boolean {
  return asArray(response.item).some((item) =>
    asArray(asObject(item)?.adjudication).some((a) => firstCode(asObject(a)?.category) === 'benefit' && Number(asObject(asObject(a)?.amount)?.value) > 0),
  );
}

/** The decision in a ClaimResponse answer body; undefined when there is none. */
export function decisionIn(body: string): EarlierDecision | undefined {
  const response = claimResponseOf(body);
  if (!response) return undefined;
  const code = outcomeCode(response);
  const approved = code !== undefined ? code === 'approved' || code === 'partial' : response.outcome !== 'error' && granted(response);
  const period = asObject(response.preAuthPeriod);
  const from = dayOf(period?.start);
  const to = dayOf(period?.end);
  const preAuthRef = asString(response.preAuthRef);
  return { outcome: approved ? 'approved' : 'rejected', ...(preAuthRef !== undefined ? { preAuthRef } : {}), ...(from !== undefined && to !== undefined ? { period: [from, to] as const } : {}) };
}

/** Memoised per message: several lines of one claim may match the same earlier message. */
export function decisionReader(store: Pick<MessageStore, 'findExchange'>): (item: RiskHistoryItem) => Promise<EarlierDecision | undefined> {
  const seen = new Map<string, Promise<EarlierDecision | undefined>>();
  return (item) => {
    const key = `${item.sender}\u0000${item.headerId}`;
    let decision = seen.get(key);
    if (!decision) {
      decision = store.findExchange(item.sender, item.headerId).then((record) => (record?.answer && record.respondedAt !== undefined ? decisionIn(record.answer.body) : undefined));
      seen.set(key, decision);
    }
    return decision;
  };
}
