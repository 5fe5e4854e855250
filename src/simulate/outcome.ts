/**
 * What the gateway answered one simulated message (README, "What a submission gets back"): refused
 * before processing (HTTP 4xx/5xx), rejected (ClaimResponse.outcome = error, with its codes),
 * accepted and `queued` for the payer, or accepted and already answered by the payer inside the
 * synchronous window (outcome complete, with the payer's adjudication-outcome).
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';

export type AnswerOutcome = 'queued' | 'answered' | 'rejected' | 'refused';

export interface ReadAnswer {
  readonly outcome: AnswerOutcome;
  /** Error codes the gateway gave (rejected or refused). */
  readonly codes: readonly string[];
  /** The payer's adjudication-outcome when answered (approved, rejected, partial, ...). */
  readonly adjudication?: string;
}

const OUTCOME_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome';

export function readAnswer(status: number, answer: JsonObject): ReadAnswer {
  if (status !== 200 || answer.resourceType === 'OperationOutcome') return { outcome: 'refused', codes: issueCodes(answer) };
  const resources = asArray(answer.entry).map((e) => asObject(asObject(e)?.resource) ?? {});
  const response = resources.find((r) => r.resourceType === 'ClaimResponse');
  const codes = [
    ...asArray(response?.error).map((e) => firstCode(asObject(e)?.code)),
    ...resources.filter((r) => r.resourceType === 'OperationOutcome').flatMap(issueCodes),
  ].filter((c): c is string => c !== undefined);
  if (!response || response.outcome === 'error') return { outcome: 'rejected', codes };
  if (response.outcome === 'queued') return { outcome: 'queued', codes: [] };
  const adjudication = firstCode(asObject(asArray(response.extension).find((e) => asObject(e)?.url === OUTCOME_EXTENSION))?.valueCodeableConcept);
  return { outcome: 'answered', codes: [], ...(adjudication ? { adjudication } : {}) };
}

function issueCodes(outcome: JsonObject): string[] {
  return asArray(outcome.issue)
    .map((i) => asObject(i) ?? {})
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => firstCode(i.details) ?? asString(i.code) ?? 'unknown');
}
