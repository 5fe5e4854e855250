/** Patient rules: identifiers and the fixed `active` flag. */
import { error } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { codesOf, objects, resourcesOf } from './claim-view.js';

/** BV-00339 "Patient.active SHALL use the fixed value "active"" (the boolean `true`). */
export const BV_00339: Rule = {
  id: 'BV-00339',
  check: (message) =>
    resourcesOf(message, 'Patient')
      .filter(({ resource }) => resource.active !== undefined && resource.active !== true)
      .map(({ path }) => error('BV-00339', path('active'), 'Patient.active must be true')),
};

/**
 * BV-00481 "When Patient.identifier.system="http://nphies.sa/identifier/passportnumber" then
 * Patient.identifier.extension.country SHALL be provided". The profile table gives no URL for this
 * extension, so any identifier extension whose url names a country is accepted.
 */
export const BV_00481: Rule = {
  id: 'BV-00481',
  check: (message) =>
    resourcesOf(message, 'Patient').flatMap(({ resource, path }) =>
      asArray(resource.identifier).flatMap((raw, k) => {
        const identifier = asObject(raw);
        if (identifier?.system !== 'http://nphies.sa/identifier/passportnumber') return [];
        const country = objects(identifier.extension).some((e) => /country/i.test(asString(e.url) ?? ''));
        return country ? [] : [error('BV-00481', path(`identifier[${k}].extension`), 'a passport needs its issuing country')];
      }),
    ),
};

/** The shape of a Saudi identifier of a given type: BV-00797 (NI, starts with 1) and BV-00798 (PRC, starts with 2). */
export function saudiIdentifierRule(id: string, typeCode: string, firstDigit: string): Rule {
  const shape = new RegExp(`^${firstDigit}\\d{9}$`);
  return {
    id,
    check: (message) =>
      resourcesOf(message, 'Patient').flatMap(({ resource, path }) =>
        asArray(resource.identifier).flatMap((raw, k) => {
          const identifier = asObject(raw);
          if (!codesOf(identifier?.type).includes(typeCode)) return [];
          const value = asString(identifier?.value);
          return value === undefined || shape.test(value) ? [] : [error(id, path(`identifier[${k}].value`), `${typeCode} is 10 digits starting with ${firstDigit}`)];
        }),
      ),
  };
}
