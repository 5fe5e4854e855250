/**
 * The `queued-messages` tag (SPEC section 4): added to the MessageHeader of an answer while the
 * recipient's queue still holds messages, so a provider knows to poll.
 */
import { QUEUED_MESSAGES_TAG } from '../fhir/identity.js';
import { asArray, asObject } from '../fhir/json.js';

export function withQueuedTag(body: string): string {
  const bundle = asObject(JSON.parse(body));
  const header = asObject(asObject(asArray(bundle?.entry)[0])?.resource);
  if (!bundle || !header) return body;
  const meta = asObject(header.meta) ?? {};
  const tags = asArray(meta.tag);
  if (tags.some((t) => asObject(t)?.code === QUEUED_MESSAGES_TAG.code)) return body;
  header.meta = { ...meta, tag: [...tags, QUEUED_MESSAGES_TAG] };
  return JSON.stringify(bundle);
}
