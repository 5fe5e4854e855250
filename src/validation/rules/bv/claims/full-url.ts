/**
 * BV-00207, BV-00208: an entry's fullUrl is `<base>/<Resource.type>/<Resource.id>`. The official
 * samples spell the type segment in varying case (`Coverageeligibilityrequest`, `Claimresponse`),
 * so the type is compared case-insensitively. `urn:uuid:` fullUrls (the samples' MessageHeaders)
 * are not RESTful URLs at all, and NPHIES accepts them: they are left alone (FHIR does not tie a
 * urn:uuid to Resource.id).
 *
 * Both rules read the same two segments of every entry's fullUrl: one pass per message finds
 * them (by the positions of the last two slashes, without splitting the URL) and lists the
 * entries each rule reports; nearly every URL is right.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS } from './claim-entries.js';

export function fullUrlRule(id: string, part: 'id' | 'type'): Rule {
  return {
    id,
    check(message) {
      const wrong = message.shared(wrongFullUrls)[part];
      if (wrong === undefined) return NO_FINDINGS;
      return wrong.map(({ index, resource }) =>
        error(id, `${message.basePath}.entry[${index}].fullUrl`, part === 'id' ? 'fullUrl does not end with Resource.id' : `fullUrl does not name ${String(resource?.resourceType)}`),
      );
    },
  };
}

/**
 * The entries whose fullUrl does not end with the resource's id (`id`), and those whose type
 * segment does not name its type (`type`), in bundle order; undefined when there are none.
 */
function wrongFullUrls(message: MessageUnderTest): { id?: BundleEntry[]; type?: BundleEntry[] } {
  const wrong: { id?: BundleEntry[]; type?: BundleEntry[] } = {};
  for (const entry of message.envelope.entries) {
    const { fullUrl, resource } = entry;
    const resourceId = resource?.id;
    const type = resource?.resourceType;
    if (fullUrl === undefined || typeof resourceId !== 'string' || typeof type !== 'string') continue;
    if (fullUrl.startsWith('urn:')) continue;
    const last = fullUrl.lastIndexOf('/');
    // What follows the last slash (the whole URL if it has none) is exactly the id.
    if (fullUrl.length - last - 1 !== resourceId.length || !fullUrl.endsWith(resourceId)) (wrong.id ??= []).push(entry);
    if (!typeSegmentNames(fullUrl, last, type)) (wrong.type ??= []).push(entry);
  }
  return wrong;
}

/** Is the segment before the URL's last slash (at `last`) `type`, case aside? A URL with no slash has no such segment. */
function typeSegmentNames(url: string, last: number, type: string): boolean {
  if (last < 0) return false;
  const start = last === 0 ? 0 : url.lastIndexOf('/', last - 1) + 1;
  // Spelled exactly as the type: no lower-casing needed (nor any string made).
  if (last - start === type.length && url.startsWith(type, start)) return true;
  return url.slice(start, last).toLowerCase() === type.toLowerCase();
}
