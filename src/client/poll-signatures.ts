/**
 * Finding each nested message's signature in a poll-response (issue 11, item 3). The carrier: every
 * `Task.output` that references a nested message has an extension `SIGNATURE_EXTENSION_URL` whose
 * `valueString` is the detached JWS, and the signed bytes are the text of the referenced
 * `Bundle.entry[k].resource` exactly as it stands in the response (the gateway splices the stored
 * bytes in unchanged), cut out with json-spans rather than re-serialised.
 */
import { asArray, asObject, asString } from '../fhir/json.js';
import { SIGNATURE_EXTENSION_URL } from '../security/message-signing.js';
import { jsonElementSpans, jsonSpan } from './json-spans.js';

export interface SignedNestedMessage {
  /** Task.output index. */
  readonly output: number;
  /** The output's valueReference.reference (the entry's fullUrl). */
  readonly reference: string;
  readonly bundleId: string | undefined;
  /** The detached JWS beside it, undefined when the output carries none. */
  readonly jws: string | undefined;
  /** The nested message's exact text in the response. */
  readonly text: string;
}

/** Throws SyntaxError when `text` is not JSON. Outputs that reference no entry of the response are skipped. */
export function signedNestedMessages(text: string): SignedNestedMessage[] {
  const response = asObject(JSON.parse(text)) ?? {};
  const entries = asArray(response.entry).map((e) => asObject(e) ?? {});
  const entryIndex = new Map<string, number>();
  entries.forEach((e, k) => {
    const fullUrl = asString(e.fullUrl);
    if (fullUrl !== undefined && !entryIndex.has(fullUrl)) entryIndex.set(fullUrl, k);
  });
  const task = entries.map((e) => asObject(e.resource)).find((r) => r?.resourceType === 'Task');
  // Located once: each lookup below then reads only its own entry.
  const entrySpans = jsonElementSpans(text, ['entry']) ?? [];
  const found: SignedNestedMessage[] = [];
  asArray(task?.output).forEach((raw, output) => {
    const out = asObject(raw) ?? {};
    const reference = asString(asObject(out.valueReference)?.reference);
    const k = reference === undefined ? undefined : entryIndex.get(reference);
    if (reference === undefined || k === undefined) return;
    const entrySpan = entrySpans[k];
    const span = entrySpan && jsonSpan(text, ['resource'], entrySpan.start);
    if (!span) return;
    const signature = asArray(out.extension).map((x) => asObject(x) ?? {}).find((x) => x.url === SIGNATURE_EXTENSION_URL);
    found.push({
      output,
      reference,
      bundleId: asString(asObject(entries[k]!.resource)?.id),
      jws: asString(signature?.valueString),
      text: text.slice(span.start, span.end),
    });
  });
  return found;
}
