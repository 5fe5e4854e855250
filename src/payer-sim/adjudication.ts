/**
 * The adjudication a reference payer writes into a ClaimResponse item, approved or rejected, in
 * the shape the gateway's response rules ask for (src/validation/rules/bv/responses/claim-response.ts)
 * and the official sample 2b shows for a rejected item: the item's outcome in
 * `extension-adjudication-outcome`, `eligible` and `benefit` amounts (0 when rejected, the reason
 * coded on the benefit line, BV-00392), the approved quantity as a value (BV-00498/BV-00499/BV-00519)
 * and, on a claim, the tax (BV-00497).
 */
import { PROFILE_BASE } from '../fhir/identity.js';
import { asObject, type JsonObject } from '../fhir/json.js';
import { ADJUDICATION_REASON_SYSTEM } from './reason-codes.js';

const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
const KSA_ADJUDICATION = 'http://nphies.sa/terminology/CodeSystem/ksa-adjudication';

export interface ItemRuling {
  readonly outcome: 'approved' | 'rejected';
  /** NPHIES adjudication reason code of a rejection, with its display when known. */
  readonly reason?: { readonly code: string; readonly display?: string };
}

/** `extension-adjudication-outcome` with the given code, for the ClaimResponse or one of its items. */
export function outcomeExtension(code: 'approved' | 'rejected'): JsonObject[] {
  return [{ url: `${PROFILE_BASE}/extension-adjudication-outcome`, valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/adjudication-outcome', code }] } }];
}

/** One ClaimResponse.item for a Claim.item. */
export function itemAdjudication(item: JsonObject, ruling: ItemRuling, claimUse: unknown): JsonObject {
  const rejected = ruling.outcome === 'rejected';
  const net = asObject(item.net) ?? { value: 0, currency: 'SAR' };
  const granted = rejected ? { value: 0, currency: 'SAR' } : net;
  const quantity = Number(asObject(item.quantity)?.value) || 1;
  const tax = rejected ? { value: 0, currency: 'SAR' } : (asObject(item.tax) ?? { value: 0, currency: 'SAR' });
  const reason = rejected && ruling.reason ? { reason: { coding: [{ system: ADJUDICATION_REASON_SYSTEM, code: ruling.reason.code, ...(ruling.reason.display ? { display: ruling.reason.display } : {}) }] } } : {};
  return {
    extension: outcomeExtension(ruling.outcome),
    itemSequence: item.sequence,
    adjudication: [
      { category: category(ADJUDICATION, 'eligible'), amount: granted },
      { category: category(ADJUDICATION, 'benefit'), ...reason, amount: granted },
      // BV-00498 / BV-00499: the quantity approved, as a value with no amount (0 when rejected, as sample 2b).
      { category: category(KSA_ADJUDICATION, 'approved-quantity'), value: rejected ? 0 : quantity },
      // BV-00497: a completed claim states the tax of each item (0 SAR when there is none).
      ...(claimUse === 'preauthorization' ? [] : [{ category: category(ADJUDICATION, 'tax'), amount: tax }]),
    ],
  };
}

/** ClaimResponse.total: eligible and benefit, the sum of what the items granted. */
export function totals(granted: number): JsonObject[] {
  const amount = { value: Math.round(granted * 100) / 100, currency: 'SAR' };
  return [
    { category: category(ADJUDICATION, 'eligible'), amount },
    { category: category(ADJUDICATION, 'benefit'), amount },
  ];
}

function category(system: string, code: string): JsonObject {
  return { coding: [{ system, code }] };
}
