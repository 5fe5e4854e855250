/** Patient rules: identifiers and the fixed `active` flag. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { resourcesOf } from './claim-view.js';
import { NO_FINDINGS, hasCode } from './concepts.js';

/** BV-00339 "Patient.active SHALL use the fixed value "active"" (the boolean `true`). */
export const BV_00339: Rule = {
  id: 'BV-00339',
  check: (message) => {
    let findings: Finding[] | undefined;
    for (const entry of resourcesOf(message, 'Patient')) {
      const active = entry.resource.active;
      if (active !== undefined && active !== true) (findings ??= []).push(error('BV-00339', entryPath(message, entry.index, 'active'), 'Patient.active must be true'));
    }
    return findings ?? NO_FINDINGS;
  },
};

const PASSPORT = 'http://nphies.sa/identifier/passportnumber';
const COUNTRY = /country/i;

/** Does one of the identifier's extensions name a country in its url? */
function hasCountry(identifier: Record<string, unknown>): boolean {
  for (const raw of asArray(identifier.extension)) {
    const extension = asObject(raw);
    if (extension && COUNTRY.test(asString(extension.url) ?? '')) return true;
  }
  return false;
}

/**
 * BV-00481 "When Patient.identifier.system="http://nphies.sa/identifier/passportnumber" then
 * Patient.identifier.extension.country SHALL be provided". The profile table gives no URL for this
 * extension, so any identifier extension whose url names a country is accepted.
 */
export const BV_00481: Rule = {
  id: 'BV-00481',
  check: (message) =>
    identifierFindings(message, 'BV-00481', (identifier) =>
      identifier?.system === PASSPORT && !hasCountry(identifier) ? ['extension', 'a passport needs its issuing country'] : undefined,
    ),
};

/** What is wrong with one identifier: the element under it and why, or nothing. */
type IdentifierProblem = (identifier: Record<string, unknown> | undefined) => readonly [sub: string, why: string] | undefined;

/** Findings of `id` for every Patient identifier `problem` objects to (built only when one does). */
function identifierFindings(message: MessageUnderTest, id: string, problem: IdentifierProblem): readonly Finding[] {
  let findings: Finding[] | undefined;
  for (const entry of resourcesOf(message, 'Patient')) {
    const identifiers = asArray(entry.resource.identifier);
    for (let k = 0; k < identifiers.length; k += 1) {
      const found = problem(asObject(identifiers[k]));
      if (found) (findings ??= []).push(error(id, entryPath(message, entry.index, `identifier[${k}].${found[0]}`), found[1]));
    }
  }
  return findings ?? NO_FINDINGS;
}

/** The shape of a Saudi identifier of a given type: BV-00797 (NI, starts with 1) and BV-00798 (PRC, starts with 2). */
export function saudiIdentifierRule(id: string, typeCode: string, firstDigit: string): Rule {
  const shape = new RegExp(`^${firstDigit}\\d{9}$`);
  const why = `${typeCode} is 10 digits starting with ${firstDigit}`;
  return {
    id,
    check: (message) =>
      identifierFindings(message, id, (identifier) => {
        if (!hasCode(identifier?.type, typeCode)) return undefined;
        const value = asString(identifier?.value);
        return value !== undefined && !shape.test(value) ? ['value', why] : undefined;
      }),
  };
}
