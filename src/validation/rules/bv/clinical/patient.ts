/** Patient rules: identifiers and the fixed `active` flag. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { resourcesOf } from './claim-view.js';
import { NO_FINDINGS, arrayOf, hasCode } from './concepts.js';

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
  for (const raw of arrayOf(identifier.extension)) {
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
  check: (message) => {
    let findings: Finding[] | undefined;
    for (const entry of resourcesOf(message, 'Patient')) {
      const identifiers = arrayOf(entry.resource.identifier);
      for (let k = 0; k < identifiers.length; k += 1) {
        const identifier = asObject(identifiers[k]);
        if (identifier?.system !== PASSPORT || hasCountry(identifier)) continue;
        (findings ??= []).push(error('BV-00481', entryPath(message, entry.index, `identifier[${k}].extension`), 'a passport needs its issuing country'));
      }
    }
    return findings ?? NO_FINDINGS;
  },
};

/** The shape of a Saudi identifier of a given type: BV-00797 (NI, starts with 1) and BV-00798 (PRC, starts with 2). */
export function saudiIdentifierRule(id: string, typeCode: string, firstDigit: string): Rule {
  const shape = new RegExp(`^${firstDigit}\\d{9}$`);
  return {
    id,
    check: (message) => {
      let findings: Finding[] | undefined;
      for (const entry of resourcesOf(message, 'Patient')) {
        const identifiers = arrayOf(entry.resource.identifier);
        for (let k = 0; k < identifiers.length; k += 1) {
          const identifier = asObject(identifiers[k]);
          if (!hasCode(identifier?.type, typeCode)) continue;
          const value = asString(identifier?.value);
          if (value !== undefined && !shape.test(value)) (findings ??= []).push(error(id, entryPath(message, entry.index, `identifier[${k}].value`), `${typeCode} is 10 digits starting with ${firstDigit}`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
