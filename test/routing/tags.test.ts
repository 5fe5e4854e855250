/** The queued-messages tag added to a built answer without parsing it back, byte-identical to the text path. */
import { describe, expect, it } from 'vitest';
import { QUEUED_MESSAGES_TAG } from '../../src/fhir/identity.js';
import { withQueuedTag, withQueuedTagBuilt } from '../../src/routing/tags.js';

const answer = () => ({
  resourceType: 'Bundle',
  id: 'b1',
  type: 'message',
  entry: [
    { fullUrl: 'urn:uuid:h', resource: { resourceType: 'MessageHeader', id: 'h', meta: { profile: ['p'] }, eventCoding: { code: 'claim-response' } } },
    { fullUrl: 'urn:uuid:c', resource: { resourceType: 'ClaimResponse', id: 'c' } },
  ],
});

describe('withQueuedTagBuilt', () => {
  it('gives the same text as tagging the serialised answer, and leaves the object as recorded', () => {
    const built = answer();
    const recorded = JSON.stringify(built);
    const tagged = withQueuedTagBuilt(built);
    expect(tagged).toBe(withQueuedTag(recorded));
    expect(JSON.parse(tagged).entry[0].resource.meta.tag).toEqual([QUEUED_MESSAGES_TAG]);
    expect(JSON.stringify(built)).toBe(recorded);
  });

  it('adds the tag once, also to a header without meta', () => {
    const bare = answer();
    delete (bare.entry[0]!.resource as { meta?: unknown }).meta;
    const once = withQueuedTagBuilt(bare);
    expect(withQueuedTag(once)).toBe(once);
    expect(JSON.parse(once).entry[0].resource.meta).toEqual({ tag: [QUEUED_MESSAGES_TAG] });
  });
});
