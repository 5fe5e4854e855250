/**
 * A copy of a message that the gateway will take as a new submission: new Bundle.id and
 * MessageHeader.id (and the header's fullUrl, which carries its id: BV-00207), and a new
 * Claim.identifier value, since a known claim identifier gets the earlier claim's answer back
 * (SPEC section 6). What `wasl send --fresh` sends, and what the tests resubmit samples with.
 */
import { randomUUID } from 'node:crypto';

export function freshCopy<T extends Record<string, any>>(message: T): T {
  const copy = structuredClone(message) as Record<string, any>;
  copy.id = randomUUID();
  const header = copy.entry?.[0];
  const headerId = randomUUID();
  if (header?.resource) {
    if (typeof header.fullUrl === 'string' && typeof header.resource.id === 'string') header.fullUrl = header.fullUrl.replace(header.resource.id, headerId);
    header.resource.id = headerId;
  }
  for (const entry of copy.entry ?? []) {
    if (entry?.resource?.resourceType !== 'Claim') continue;
    for (const identifier of entry.resource.identifier ?? []) {
      if (typeof identifier?.value === 'string') identifier.value = `${identifier.value}-${headerId.slice(0, 8)}`;
    }
  }
  return copy as T;
}
