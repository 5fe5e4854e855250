/**
 * BV-00342..345: what an Attachment must carry depending on whether it is inline (`data`) or
 * linked (`url`). Attachments are found by the properties NPHIES messages hold them in.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { JsonObject } from '../../../../fhir/json.js';
import type { ElementNode, MessageElements } from '../../../elements.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS } from './claim-entries.js';

/** Properties of type Attachment in the resources NPHIES messages carry. */
export const ATTACHMENT_KEYS: ReadonlySet<string> = new Set(['valueAttachment', 'contentAttachment', 'attachment', 'photo', 'presentedForm']);

export function attachmentRule(id: string, element: 'data' | 'url' | 'size' | 'hash', missing: (attachment: JsonObject) => boolean): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      for (const visited of message.elements.selected(ATTACHMENT_KEYS, attachmentsOf)) {
        if (missing(visited.node)) (findings ??= []).push(error(id, `${visited.path}.${element}`, `Attachment.${element} is required here`));
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** The message's Attachments in walk order, merged once per message for the four rules. */
function attachmentsOf(elements: MessageElements): readonly ElementNode[] {
  return elements.withKeys(ATTACHMENT_KEYS);
}
