/**
 * The `queued-messages` tag (SPEC section 4): added to the MessageHeader of the gateway's own
 * answers while the recipient's queue still holds messages, so a provider knows to poll. Only the
 * gateway's answers: a participant's message is delivered byte-exact (its signature covers it), and
 * the count travels in the `x-wasl-queued-messages` header instead.
 */
import { QUEUED_MESSAGES_TAG } from '../fhir/identity.js';
import { asArray, asObject } from '../fhir/json.js';

/** The answer text with the tag, for an answer known only as text (one read back from the store). */
export function withQueuedTag(body: string): string {
  const bundle = asObject(JSON.parse(body));
  return bundle ? withQueuedTagBuilt(bundle) : body;
}

/**
 * The text of a freshly built answer with the tag: serialised once, without parsing it back. The
 * object is not changed (its untagged text is what was recorded).
 */
export function withQueuedTagBuilt(bundle: Record<string, unknown>): string {
  const entries = asArray(bundle.entry);
  const first = asObject(entries[0]);
  const header = asObject(first?.resource);
  if (!first || !header) return JSON.stringify(bundle);
  const meta = asObject(header.meta) ?? {};
  const tags = asArray(meta.tag);
  if (tags.some((t) => asObject(t)?.code === QUEUED_MESSAGES_TAG.code)) return JSON.stringify(bundle);
  const tagged = { ...header, meta: { ...meta, tag: [...tags, QUEUED_MESSAGES_TAG] } };
  return JSON.stringify({ ...bundle, entry: [{ ...first, resource: tagged }, ...entries.slice(1)] });
}
