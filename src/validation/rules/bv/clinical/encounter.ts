/**
 * Encounter rules (Encounter profile, OBA 2.8): the Encounter a claim links with
 * `extension-encounter`, checked against the claim's type, subtype and use.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { claimsOf, codesOf, encounterOf, extensionOf, resourcesOf, sameTarget, type ClaimUnderTest } from './claim-view.js';

interface Linked {
  readonly message: MessageUnderTest;
  readonly claim: ClaimUnderTest;
  readonly encounter: JsonObject;
  readonly encounterClass: string | undefined;
  path(sub?: string): string;
}

function linked(message: MessageUnderTest): Linked[] {
  return claimsOf(message).flatMap((claim) => {
    const entry = encounterOf(message, claim.claim);
    if (!entry?.resource) return [];
    const encounter = entry.resource;
    return [{ message, claim, encounter, encounterClass: asString(asObject(encounter.class)?.code), path: (sub?: string) => entryPath(message, entry.index, sub) }];
  });
}

function encounterRule(id: string, check: (l: Linked) => Finding[]): Rule {
  return { id, check: (message) => linked(message).flatMap(check) };
}

interface When {
  readonly classes?: readonly string[];
  readonly uses?: readonly string[];
  readonly types?: readonly string[];
}

function applies(l: Linked, when: When): boolean {
  return (
    (when.classes === undefined || (l.encounterClass !== undefined && when.classes.includes(l.encounterClass))) &&
    (when.uses === undefined || (l.claim.use !== undefined && when.uses.includes(l.claim.use))) &&
    (when.types === undefined || (l.claim.type !== undefined && when.types.includes(l.claim.type)))
  );
}

/** An Encounter extension required in some situations (BV-00732, 734, 735, 736). Reported at `extension`. */
export function requiredExtensionRule(id: string, name: string, when: When): Rule {
  return encounterRule(id, (l) =>
    applies(l, when) && !extensionOf(l.encounter, name) ? [error(id, l.path('extension'), `Encounter.extension.${name} is required`)] : [],
  );
}

/** A hospitalization extension required for admissions (BV-00737, 744). Reported at `hospitalization.extension`. */
export function requiredHospitalizationExtensionRule(id: string, name: string, when: When): Rule {
  return encounterRule(id, (l) =>
    applies(l, when) && !extensionOf(asObject(l.encounter.hospitalization), name)
      ? [error(id, l.path('hospitalization.extension'), `Encounter.hospitalization.extension.${name} is required`)]
      : [],
  );
}

/** BV-00727 "If Encounter.class = "SS" OR "IMP", then Encounter.hospitalization.admitSource SHALL be provided". */
export const BV_00727 = encounterRule('BV-00727', (l) =>
  applies(l, { classes: ['SS', 'IMP'] }) && asObject(l.encounter.hospitalization)?.admitSource === undefined
    ? [error('BV-00727', l.path('hospitalization.admitSource'), 'admitSource is required for an admission')]
    : [],
);

/**
 * A death recorded on the encounter needs its cause: BV-00740 (hospitalization.dischargeDisposition
 * "died") and BV-00855 (emergencyDepartmentDisposition "DED" or "DOA"), for claims.
 */
export function causeOfDeathRule(id: 'BV-00740' | 'BV-00855'): Rule {
  return encounterRule(id, (l) => {
    if (l.claim.use !== 'claim' || extensionOf(l.encounter, 'causeOfDeath')) return [];
    const died =
      id === 'BV-00740'
        ? firstCode(asObject(l.encounter.hospitalization)?.dischargeDisposition) === 'died'
        : codesOf(extensionOf(l.encounter, 'emergencyDepartmentDisposition')?.valueCodeableConcept).some((c) => c === 'DED' || c === 'DOA');
    return died ? [error(id, l.path('extension'), 'Encounter.extension.causeOfDeath is required')] : [];
  });
}

/** The classes an Encounter may have for a claim type (BV-00741, 742, 743) or subtype (BV-00755). */
export function classForClaimRule(id: string, when: When & { subTypes?: readonly string[] }, allowed: readonly string[]): Rule {
  return encounterRule(id, (l) => {
    if (!applies(l, when) || (when.subTypes !== undefined && !(l.claim.subType !== undefined && when.subTypes.includes(l.claim.subType)))) return [];
    if (l.encounterClass === undefined || allowed.includes(l.encounterClass)) return [];
    return [error(id, l.path('class'), `Encounter.class must be ${allowed.join(' or ')}`)];
  });
}

/**
 * The claims an Encounter class may be used with (BV-00807, 808, 845): `classes` only for
 * `types`, and, when `uses` is given, only for those uses.
 */
export function claimForClassRule(id: string, classes: readonly string[], types: readonly string[], allowedUses?: readonly string[]): Rule {
  return encounterRule(id, (l) => {
    if (l.encounterClass === undefined || !classes.includes(l.encounterClass)) return [];
    const typeOk = l.claim.type !== undefined && types.includes(l.claim.type);
    const useOk = allowedUses === undefined || (l.claim.use !== undefined && allowedUses.includes(l.claim.use));
    return typeOk && useOk ? [] : [error(id, l.path('class'), `class ${l.encounterClass} is for ${types.join(' or ')} claims`)];
  });
}

/** BV-00761 "Encounter.subject SHALL be same as claim.patient". */
export const BV_00761 = encounterRule('BV-00761', (l) =>
  l.encounter.subject !== undefined && !sameTarget(l.message, l.encounter.subject, l.claim.claim.patient)
    ? [error('BV-00761', l.path('subject'), 'not the claim patient')]
    : [],
);

/** BV-00762 "Encounter.serviceProvider SHALL be same as Claim.provider". */
export const BV_00762 = encounterRule('BV-00762', (l) =>
  l.encounter.serviceProvider !== undefined && !sameTarget(l.message, l.encounter.serviceProvider, l.claim.claim.provider)
    ? [error('BV-00762', l.path('serviceProvider'), 'not the claim provider')]
    : [],
);

/** BV-00154 "Encounter.identifier SHALL have a valid value" (display: "The Encounter identifier must not be empty"). */
export const BV_00154: Rule = identifierValueRule('BV-00154', 'Encounter');

/**
 * An identifier value that is blank or padded with spaces (BV-00154, 188, 197, 198: "SHALL have a
 * valid value"). A missing value is a cardinality question the profile layer reports (IC-).
 */
export function identifierValueRule(id: string, resourceType: string): Rule {
  return {
    id,
    check: (message) =>
      resourcesOf(message, resourceType).flatMap(({ resource, path }) =>
        asArray(resource.identifier).flatMap((raw, k) => {
          const value = asString(asObject(raw)?.value);
          return value === undefined || (value.trim() !== '' && value === value.trim())
            ? []
            : [error(id, path(`identifier[${k}].value`), `${resourceType}.identifier.value is blank or padded`)];
        }),
      ),
  };
}
