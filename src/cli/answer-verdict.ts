/**
 * Whether the gateway's answer to `wasl send` accepted the message (README "What a submission gets back"):
 * level 1 is an HTTP error with a bare OperationOutcome; level 2 is a 200 carrying the event's response
 * with `outcome = error`, a failed Task, or an acknowledgement whose `response.code` is not `ok`.
 */
import { asArray, asObject, asString } from '../fhir/json.js';

export interface AnswerVerdict {
  readonly accepted: boolean;
  /** One line for stderr when not accepted: what refused it and the codes it named. */
  readonly reason?: string;
}

export function answerVerdict(status: number, answer: Record<string, unknown>): AnswerVerdict {
  if (status >= 400) return { accepted: false, reason: `refused (HTTP ${status})${codesSuffix(issueCodes(answer))}` };
  if (answer.resourceType === 'OperationOutcome') {
    const codes = issueCodes(answer);
    return codes.length > 0 ? { accepted: false, reason: `rejected (HTTP ${status})${codesSuffix(codes)}` } : { accepted: true };
  }
  const resources = asArray(answer.entry).map((e) => asObject(asObject(e)?.resource) ?? {});
  const header = resources[0];
  const responseCode = asString(asObject(header?.response)?.code);
  const codes = resources.flatMap((r) => [...errorCodes(r), ...(r.resourceType === 'OperationOutcome' ? issueCodes(r) : [])]);
  const failed = resources.find((r) => r.outcome === 'error' || (r.resourceType === 'Task' && r.status === 'failed'));
  if (failed) return { accepted: false, reason: `rejected: ${String(failed.resourceType)}.${failed.outcome === 'error' ? 'outcome = error' : 'status = failed'}${codesSuffix(codes)}` };
  if (responseCode !== undefined && responseCode !== 'ok') return { accepted: false, reason: `rejected: MessageHeader.response.code = ${responseCode}${codesSuffix(codes)}` };
  return { accepted: true };
}

function issueCodes(outcome: Record<string, unknown>): string[] {
  return asArray(outcome.issue)
    .map((i) => asObject(i) ?? {})
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => firstCode(i.details) ?? String(i.code));
}

/** `ClaimResponse.error.code` and a failed Task's `output.valueCodeableConcept`. */
function errorCodes(resource: Record<string, unknown>): string[] {
  const fromErrors = asArray(resource.error).map((e) => firstCode(asObject(e)?.code));
  const fromTask = resource.resourceType === 'Task' ? asArray(resource.output).map((o) => firstCode(asObject(o)?.valueCodeableConcept)) : [];
  return [...fromErrors, ...fromTask].filter((c): c is string => c !== undefined);
}

function firstCode(concept: unknown): string | undefined {
  return asString(asObject(asArray(asObject(concept)?.coding)[0])?.code);
}

function codesSuffix(codes: readonly string[]): string {
  if (codes.length === 0) return '';
  const shown = [...new Set(codes)];
  return `: ${shown.slice(0, 10).join(', ')}${shown.length > 10 ? `, … (${shown.length} codes)` : ''}`;
}
