import { error, type Finding } from '../../../findings/finding.js';
import { elementCandidates } from '../../../fhir/references.js';
import type { Rule } from '../../rule.js';
import { literalReferences } from './literal-references.js';

/**
 * An extension's reference is named by the extension (`extension-encounter` → RE-00189
 * "Claim.extension.reference.encounter"), and NPHIES reports it at the choice element
 * `extension[n].value` (seen in the sandbox's errors.json), not `valueReference`.
 */
function extensionFinding(url: string, expression: string, resourceType: string, codes: ReadonlyMap<string, string>) {
  const name = (url.split('/').pop() ?? '').replace(/^extension-/, '').toLowerCase();
  const code = codes.get(`${resourceType}|${name}`.toLowerCase()) ?? 'RE-00174';
  return error(code, expression.replace(/\.valueReference$/, '.value'), `extension ${name} does not resolve to an entry of this bundle`);
}

/**
 * RE-00174 "Referenced Resources within the message SHALL exist within the same bundle
 * message". Each unresolved reference is reported with the element's own official code where
 * the rule table has one (e.g. RE-00015 for Claim.patient), else with RE-00174 itself.
 * Nested bundles (batch) are checked as messages of their own.
 */
export const RE_00174: Rule = {
  id: 'RE-00174',
  check(message, context) {
    const index = message.entryIndex;
    const findings: Finding[] = [];
    for (const found of literalReferences(message)) {
      if (found.reference.startsWith('#') || index.resolve(found.reference)) continue;
      if (found.extensionUrl) {
        const resourceType = String(message.envelope.entries[found.entry]?.resource?.resourceType);
        findings.push(extensionFinding(found.extensionUrl, found.expression, resourceType, context.extensionReferenceCodes));
        continue;
      }
      const code = elementCandidates(found.element).map((e) => context.referenceCodes.get(e)).find(Boolean) ?? 'RE-00174';
      findings.push(error(code, found.expression, `${found.element} does not resolve to an entry of this bundle`));
    }
    return findings;
  },
};
