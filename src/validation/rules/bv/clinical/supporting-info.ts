/**
 * Supporting-information rules: what each category must carry (prof--supporting-info.csv and the
 * rule texts) and which categories a claim or authorization must send. They read the claim's
 * supporting information grouped by category once per message (`ClaimUnderTest.infosOf`), so a
 * category rule costs a Map lookup when the claim does not send that category.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimRule, claimsOf, hasCategory, usedFor, type ClaimUnderTest, type SupportingInfo } from './claim-view.js';
import { codePointCount } from '../../../../fhir/text.js';
import { NO_FINDINGS, hasCode, hasCodeOf, hasCoding, hasSystemCodeIn } from './concepts.js';

/**
 * A rule on each supporting-info entry of one category: `check` gives the entry's findings, or
 * undefined when it is fine (the usual case, which allocates nothing).
 */
function categoryRule(id: string, category: string, check: (s: SupportingInfo, c: ClaimUnderTest) => Finding[] | undefined): Rule {
  const wanted = category.toLowerCase();
  return {
    id,
    check: (message) => {
      let findings: Finding[] | undefined;
      for (const c of claimsOf(message)) {
        for (const s of c.infosOf(wanted)) {
          const found = check(s, c);
          if (found !== undefined) findings = findings === undefined ? found : findings.concat(found);
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** A category that carries its content in `value` (valueString, valueAttachment). */
export function requiresValueRule(id: string, category: string, value: 'valueString' | 'valueAttachment'): Rule {
  return categoryRule(id, category, (s, c) =>
    s.info[value] === undefined ? [error(id, c.path(`supportingInfo[${s.index}].${value}`), `"${category}" needs ${value}`)] : undefined,
  );
}

/** A category whose `code` must hold a coding of `system` with a code (and, for onset, a timingDate). */
export function requiresCodeRule(id: string, category: string, system: string, options: { timingDate?: boolean } = {}): Rule {
  return categoryRule(id, category, (s, c) => {
    let findings: Finding[] | undefined;
    if (!hasCodeOf(s.info.code, system)) {
      (findings ??= []).push(error(id, c.path(`supportingInfo[${s.index}].code`), `"${category}" needs a code from ${system}`));
    }
    if (options.timingDate && s.info.timingDate === undefined) {
      (findings ??= []).push(error(id, c.path(`supportingInfo[${s.index}].timingDate`), `"${category}" needs timingDate`));
    }
    return findings;
  });
}

/** A category whose `reason` must hold a coding of `system` with a code. */
export function requiresReasonRule(id: string, category: string, system: string): Rule {
  return categoryRule(id, category, (s, c) =>
    hasCodeOf(s.info.reason, system) ? undefined : [error(id, c.path(`supportingInfo[${s.index}].reason`), `"${category}" needs a reason from ${system}`)],
  );
}

/**
 * BV-00429 "If category = chief-complaint then for one array entry in Claim.supportingInfo.code.coding
 * the system SHALL exist and MUST refer to icd-10-am and the code MUST exist". A chief complaint
 * given as text only (`code.text`, no coding) is allowed by the profile and left alone.
 */
export function chiefComplaintCodingRule(system: string): Rule {
  return categoryRule('BV-00429', 'chief-complaint', (s, c) => {
    if (!hasCoding(s.info.code) || hasCodeOf(s.info.code, system)) return undefined;
    return [error('BV-00429', c.path(`supportingInfo[${s.index}].code.coding`), `no coding of ${system}`)];
  });
}

/** BV-00530 "If category is not "chief-complaint" and Claim.supportingInfo.code exists then Claim.supportingInfo.code.coding SHALL be provided". */
export const BV_00530 = claimRule('BV-00530', (c) => {
  let findings: Finding[] | undefined;
  for (const s of c.supportingInfo) {
    if (s.category !== 'chief-complaint' && s.info.code !== undefined && !hasCoding(s.info.code)) {
      (findings ??= []).push(error('BV-00530', c.path(`supportingInfo[${s.index}].code.coding`), 'code without coding'));
    }
  }
  return findings ?? NO_FINDINGS;
});

/** BV-00531 "If category = "chief-complaint" then Claim.supportingInfo.code SHALL be provided". */
export const BV_00531 = categoryRule('BV-00531', 'chief-complaint', (s, c) =>
  s.info.code === undefined ? [error('BV-00531', c.path(`supportingInfo[${s.index}].code`), 'chief-complaint without code')] : undefined,
);

/** BV-00753 "Claim.supportingInfo.code.text is required when category = "investigation-result" and code = "other"". */
export const BV_00753 = categoryRule('BV-00753', 'investigation-result', (s, c) =>
  hasCode(s.info.code, 'other') && !asString(asObject(s.info.code)?.text)?.trim()
    ? [error('BV-00753', c.path(`supportingInfo[${s.index}].code.text`), 'investigation result "other" needs text')]
    : undefined,
);

/** BV-00846 "If category = "investigation-result" and code = "IRA" then Claim.supportingInfo.valueAttachment shall be provided". */
export const BV_00846 = categoryRule('BV-00846', 'investigation-result', (s, c) =>
  hasCode(s.info.code, 'IRA') && s.info.valueAttachment === undefined
    ? [error('BV-00846', c.path(`supportingInfo[${s.index}].valueAttachment`), 'investigation result "IRA" needs an attachment')]
    : undefined,
);

// Arabic letters count double: 250 English characters or 125 Arabic ones (BV-00316).
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const ARABIC_LIMIT = 125;
const ENGLISH_LIMIT = 250;

/** The limit a valueString breaks, if any. A text of at most 125 UTF-16 units breaks none, so most skip the count and the regex. */
function brokenLimit(text: string): number | undefined {
  if (text.length <= ARABIC_LIMIT) return undefined;
  const length = codePointCount(text);
  if (length <= ARABIC_LIMIT) return undefined;
  const limit = ARABIC.test(text) ? ARABIC_LIMIT : ENGLISH_LIMIT;
  return length > limit ? limit : undefined;
}

/** BV-00316 "Claim.supportingInfo.valueString SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00316 = claimRule('BV-00316', (c) => {
  let findings: Finding[] | undefined;
  for (const s of c.supportingInfo) {
    const text = s.info.valueString;
    if (typeof text !== 'string') continue;
    const limit = brokenLimit(text);
    if (limit !== undefined) (findings ??= []).push(error('BV-00316', c.path(`supportingInfo[${s.index}].valueString`), `longer than ${limit} characters`));
  }
  return findings ?? NO_FINDINGS;
});

/** A vital sign sent with an absence reason must take it from the category's value set (BV-00820..827). */
export function absenceReasonRule(id: string, category: string, reason: { system: string; codes: ReadonlySet<string> }): Rule {
  return categoryRule(id, category, (s, c) => {
    if (s.info.reason === undefined || hasSystemCodeIn(s.info.reason, reason.system, reason.codes)) return undefined;
    return [error(id, c.path(`supportingInfo[${s.index}].reason`), `the reason must come from ${reason.system}`)];
  });
}

/**
 * A supporting-info category the claim must carry, for the claim types and uses the rule names
 * (`types` undefined = every type). Reported at `supportingInfo`, where NPHIES reports BV-00731.
 */
export function requiredCategoryRule(id: string, category: string, when: { types?: readonly string[]; uses: readonly string[] }): Rule {
  const wanted = category.toLowerCase();
  return claimRule(id, (c) => {
    const applies = (when.types === undefined || (c.type !== undefined && when.types.includes(c.type))) && usedFor(c, when.uses);
    return applies && !hasCategory(c, wanted) ? [error(id, c.path('supportingInfo'), `"${category}" is required`)] : NO_FINDINGS;
  });
}
