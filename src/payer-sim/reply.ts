/**
 * What the gateway said about one of the reference payer's answers. The gateway acknowledges every
 * answer with an `acknowledgement` whose MessageHeader.response.code is `ok` when it took the answer
 * and `fatal-error` when it refused it, listing why in an OperationOutcome (SPEC section 4; README,
 * "Reference payer"). A status other than 200 is a refusal too (the gateway did not process it).
 */
import { asArray, asObject, asString } from '../fhir/json.js';
import type { PostResult } from '../client/wasl-client.js';

export interface AnswerVerdict {
  readonly ok: boolean;
  readonly status: number;
  /** MessageHeader.response.code of the acknowledgement, when there is one. */
  readonly responseCode: string | undefined;
  /** Error codes the gateway gave (OperationOutcome issues of severity error or fatal). No patient data. */
  readonly codes: readonly string[];
}

export function readVerdict(result: PostResult): AnswerVerdict {
  const entries = asArray(result.json.entry).map((entry) => asObject(asObject(entry)?.resource));
  const header = entries[0]?.resourceType === 'MessageHeader' ? entries[0] : undefined;
  const responseCode = asString(asObject(header?.response)?.code);
  // A bare OperationOutcome (a 4xx/5xx before any message was read) carries its issues at the top.
  const outcomes = result.json.resourceType === 'OperationOutcome' ? [result.json] : entries.filter((r) => r?.resourceType === 'OperationOutcome');
  const codes: string[] = [];
  for (const outcome of outcomes) {
    for (const raw of asArray(outcome?.issue)) {
      const issue = asObject(raw);
      if (issue?.severity !== 'error' && issue?.severity !== 'fatal') continue;
      const code = asString(asObject(asArray(asObject(issue.details)?.coding)[0])?.code) ?? asString(issue.code);
      if (code !== undefined) codes.push(code);
    }
  }
  return { ok: result.status === 200 && responseCode === 'ok', status: result.status, responseCode, codes };
}
