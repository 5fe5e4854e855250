/**
 * Supporting-information rules: what each category must carry (prof--supporting-info.csv and the
 * rule texts) and which categories a claim or authorization must send.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimsOf, codesOf, codings, hasCategory, supportingInfoOf, type ClaimUnderTest, type SupportingInfo } from './claim-view.js';

function categoryRule(id: string, category: string, check: (s: SupportingInfo, c: ClaimUnderTest) => Finding[]): Rule {
  const wanted = category.toLowerCase();
  return {
    id,
    check: (message) =>
      claimsOf(message).flatMap((c) => c.infosOf(wanted).flatMap((s) => check(s, c))),
  };
}

/** A category that carries its content in `value` (valueString, valueAttachment). */
export function requiresValueRule(id: string, category: string, value: 'valueString' | 'valueAttachment'): Rule {
  return categoryRule(id, category, (s, c) =>
    s.info[value] === undefined ? [error(id, c.path(`supportingInfo[${s.index}].${value}`), `"${category}" needs ${value}`)] : [],
  );
}

/** A category whose `code` must hold a coding of `system` with a code (and, for onset, a timingDate). */
export function requiresCodeRule(id: string, category: string, system: string, options: { timingDate?: boolean } = {}): Rule {
  return categoryRule(id, category, (s, c) => {
    const findings: Finding[] = [];
    if (codesOf(s.info.code, system).length === 0) {
      findings.push(error(id, c.path(`supportingInfo[${s.index}].code`), `"${category}" needs a code from ${system}`));
    }
    if (options.timingDate && s.info.timingDate === undefined) {
      findings.push(error(id, c.path(`supportingInfo[${s.index}].timingDate`), `"${category}" needs timingDate`));
    }
    return findings;
  });
}

/** A category whose `reason` must hold a coding of `system` with a code. */
export function requiresReasonRule(id: string, category: string, system: string): Rule {
  return categoryRule(id, category, (s, c) =>
    codesOf(s.info.reason, system).length === 0 ? [error(id, c.path(`supportingInfo[${s.index}].reason`), `"${category}" needs a reason from ${system}`)] : [],
  );
}

/**
 * BV-00429 "If category = chief-complaint then for one array entry in Claim.supportingInfo.code.coding
 * the system SHALL exist and MUST refer to icd-10-am and the code MUST exist". A chief complaint
 * given as text only (`code.text`, no coding) is allowed by the profile and left alone.
 */
export function chiefComplaintCodingRule(system: string): Rule {
  return categoryRule('BV-00429', 'chief-complaint', (s, c) => {
    if (codings(s.info.code).length === 0 || codesOf(s.info.code, system).length > 0) return [];
    return [error('BV-00429', c.path(`supportingInfo[${s.index}].code.coding`), `no coding of ${system}`)];
  });
}

/** BV-00530 "If category is not "chief-complaint" and Claim.supportingInfo.code exists then Claim.supportingInfo.code.coding SHALL be provided". */
export const BV_00530: Rule = {
  id: 'BV-00530',
  check: (message) =>
    claimsOf(message).flatMap((c) =>
      c.supportingInfo
        .filter((s) => s.category !== 'chief-complaint' && s.info.code !== undefined && codings(s.info.code).length === 0)
        .map((s) => error('BV-00530', c.path(`supportingInfo[${s.index}].code.coding`), 'code without coding')),
    ),
};

/** BV-00531 "If category = "chief-complaint" then Claim.supportingInfo.code SHALL be provided". */
export const BV_00531 = categoryRule('BV-00531', 'chief-complaint', (s, c) =>
  s.info.code === undefined ? [error('BV-00531', c.path(`supportingInfo[${s.index}].code`), 'chief-complaint without code')] : [],
);

/** BV-00753 "Claim.supportingInfo.code.text is required when category = "investigation-result" and code = "other"". */
export const BV_00753 = categoryRule('BV-00753', 'investigation-result', (s, c) =>
  codesOf(s.info.code).includes('other') && !asString(asObject(s.info.code)?.text)?.trim()
    ? [error('BV-00753', c.path(`supportingInfo[${s.index}].code.text`), 'investigation result "other" needs text')]
    : [],
);

/** BV-00846 "If category = "investigation-result" and code = "IRA" then Claim.supportingInfo.valueAttachment shall be provided". */
export const BV_00846 = categoryRule('BV-00846', 'investigation-result', (s, c) =>
  codesOf(s.info.code).includes('IRA') && s.info.valueAttachment === undefined
    ? [error('BV-00846', c.path(`supportingInfo[${s.index}].valueAttachment`), 'investigation result "IRA" needs an attachment')]
    : [],
);

// Arabic letters count double: 250 English characters or 125 Arabic ones (BV-00316).
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** BV-00316 "Claim.supportingInfo.valueString SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00316: Rule = {
  id: 'BV-00316',
  check: (message) =>
    claimsOf(message).flatMap((c) =>
      c.supportingInfo.flatMap((s) => {
        const text = asString(s.info.valueString);
        if (text === undefined) return [];
        const limit = ARABIC.test(text) ? 125 : 250;
        return [...text].length > limit ? [error('BV-00316', c.path(`supportingInfo[${s.index}].valueString`), `longer than ${limit} characters`)] : [];
      }),
    ),
};

/** A vital sign sent with an absence reason must take it from the category's value set (BV-00820..827). */
export function absenceReasonRule(id: string, category: string, reason: { system: string; codes: ReadonlySet<string> }): Rule {
  return categoryRule(id, category, (s, c) => {
    if (s.info.reason === undefined) return [];
    const ok = codings(s.info.reason).some((x) => x.system === reason.system && reason.codes.has(asString(x.code) ?? ''));
    return ok ? [] : [error(id, c.path(`supportingInfo[${s.index}].reason`), `the reason must come from ${reason.system}`)];
  });
}

/**
 * A supporting-info category the claim must carry, for the claim types and uses the rule names
 * (`types` undefined = every type). Reported at `supportingInfo`, where NPHIES reports BV-00731.
 */
export function requiredCategoryRule(id: string, category: string, when: { types?: readonly string[]; uses: readonly string[] }): Rule {
  return {
    id,
    check: (message) =>
      claimsOf(message)
        .filter((c) => (when.types === undefined || (c.type !== undefined && when.types.includes(c.type))) && c.use !== undefined && when.uses.includes(c.use))
        .filter((c) => !hasCategory(c, category))
        .map((c) => error(id, c.path('supportingInfo'), `"${category}" is required`)),
  };
}
