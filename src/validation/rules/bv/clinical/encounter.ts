/**
 * Encounter rules (Encounter profile, OBA 2.8): the Encounter a claim links with
 * `extension-encounter`, checked against the claim's type, subtype and use.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, firstCode } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { claimRule, resourcesOf, sameTarget, type ClaimUnderTest, type LinkedEncounter } from './claim-view.js';
import { NO_FINDINGS, extensionOf, extensionUrl, hasCode } from './concepts.js';

/**
 * A rule on the Encounter each claim links (`ClaimUnderTest.encounter`, resolved once per message):
 * `check` gives the one finding, or undefined.
 */
function encounterRule(id: string, check: (l: LinkedEncounter, claim: ClaimUnderTest, message: MessageUnderTest) => Finding | undefined): Rule {
  return claimRule(id, (claim, message) => {
    const l = claim.encounter;
    if (l === undefined) return NO_FINDINGS;
    const finding = check(l, claim, message);
    return finding === undefined ? NO_FINDINGS : [finding];
  });
}

interface When {
  readonly classes?: readonly string[];
  readonly uses?: readonly string[];
  readonly types?: readonly string[];
}

function applies(l: LinkedEncounter, claim: ClaimUnderTest, when: When): boolean {
  return (
    (when.classes === undefined || (l.encounterClass !== undefined && when.classes.includes(l.encounterClass))) &&
    (when.uses === undefined || (claim.use !== undefined && when.uses.includes(claim.use))) &&
    (when.types === undefined || (claim.type !== undefined && when.types.includes(claim.type)))
  );
}

/** An Encounter extension required in some situations (BV-00732, 734, 735, 736). Reported at `extension`. */
export function requiredExtensionRule(id: string, name: string, when: When): Rule {
  const url = extensionUrl(name);
  return encounterRule(id, (l, claim) =>
    applies(l, claim, when) && !extensionOf(l.encounter, url) ? error(id, l.path('extension'), `Encounter.extension.${name} is required`) : undefined,
  );
}

/** A hospitalization extension required for admissions (BV-00737, 744). Reported at `hospitalization.extension`. */
export function requiredHospitalizationExtensionRule(id: string, name: string, when: When): Rule {
  const url = extensionUrl(name);
  return encounterRule(id, (l, claim) =>
    applies(l, claim, when) && !extensionOf(asObject(l.encounter.hospitalization), url)
      ? error(id, l.path('hospitalization.extension'), `Encounter.hospitalization.extension.${name} is required`)
      : undefined,
  );
}

const ADMISSION: When = { classes: ['SS', 'IMP'] };

/** BV-00727 "If Encounter.class = "SS" OR "IMP", then Encounter.hospitalization.admitSource SHALL be provided". */
export const BV_00727 = encounterRule('BV-00727', (l, claim) =>
  applies(l, claim, ADMISSION) && asObject(l.encounter.hospitalization)?.admitSource === undefined
    ? error('BV-00727', l.path('hospitalization.admitSource'), 'admitSource is required for an admission')
    : undefined,
);

const CAUSE_OF_DEATH = extensionUrl('causeOfDeath');
const EMERGENCY_DISPOSITION = extensionUrl('emergencyDepartmentDisposition');

/**
 * A death recorded on the encounter needs its cause: BV-00740 (hospitalization.dischargeDisposition
 * "died") and BV-00855 (emergencyDepartmentDisposition "DED" or "DOA"), for claims.
 */
export function causeOfDeathRule(id: 'BV-00740' | 'BV-00855'): Rule {
  return encounterRule(id, (l, claim) => {
    if (claim.use !== 'claim' || extensionOf(l.encounter, CAUSE_OF_DEATH)) return undefined;
    return (id === 'BV-00740' ? diedInHospital(l) : diedInEmergency(l)) ? error(id, l.path('extension'), 'Encounter.extension.causeOfDeath is required') : undefined;
  });
}

function diedInHospital(l: LinkedEncounter): boolean {
  return firstCode(asObject(l.encounter.hospitalization)?.dischargeDisposition) === 'died';
}

function diedInEmergency(l: LinkedEncounter): boolean {
  const disposition = extensionOf(l.encounter, EMERGENCY_DISPOSITION)?.valueCodeableConcept;
  return hasCode(disposition, 'DED') || hasCode(disposition, 'DOA');
}

/** The classes an Encounter may have for a claim type (BV-00741, 742, 743) or subtype (BV-00755). */
export function classForClaimRule(id: string, when: When & { subTypes?: readonly string[] }, allowed: readonly string[]): Rule {
  const diagnostics = `Encounter.class must be ${allowed.join(' or ')}`;
  return encounterRule(id, (l, claim) => {
    if (!applies(l, claim, when) || (when.subTypes !== undefined && !(claim.subType !== undefined && when.subTypes.includes(claim.subType)))) return undefined;
    if (l.encounterClass === undefined || allowed.includes(l.encounterClass)) return undefined;
    return error(id, l.path('class'), diagnostics);
  });
}

/**
 * The claims an Encounter class may be used with (BV-00807, 808, 845): `classes` only for
 * `types`, and, when `uses` is given, only for those uses.
 */
export function claimForClassRule(id: string, classes: readonly string[], types: readonly string[], allowedUses?: readonly string[]): Rule {
  const claimTypes = types.join(' or ');
  return encounterRule(id, (l, claim) => {
    if (l.encounterClass === undefined || !classes.includes(l.encounterClass)) return undefined;
    const typeOk = claim.type !== undefined && types.includes(claim.type);
    const useOk = allowedUses === undefined || (claim.use !== undefined && allowedUses.includes(claim.use));
    return typeOk && useOk ? undefined : error(id, l.path('class'), `class ${l.encounterClass} is for ${claimTypes} claims`);
  });
}

/** BV-00761 "Encounter.subject SHALL be same as claim.patient". */
export const BV_00761 = encounterRule('BV-00761', (l, claim, message) =>
  l.encounter.subject !== undefined && !sameTarget(message, l.encounter.subject, claim.claim.patient)
    ? error('BV-00761', l.path('subject'), 'not the claim patient')
    : undefined,
);

/** BV-00762 "Encounter.serviceProvider SHALL be same as Claim.provider". */
export const BV_00762 = encounterRule('BV-00762', (l, claim, message) =>
  l.encounter.serviceProvider !== undefined && !sameTarget(message, l.encounter.serviceProvider, claim.claim.provider)
    ? error('BV-00762', l.path('serviceProvider'), 'not the claim provider')
    : undefined,
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
    check: (message) => {
      let findings: Finding[] | undefined;
      for (const entry of resourcesOf(message, resourceType)) {
        const identifiers = asArray(entry.resource.identifier);
        for (let k = 0; k < identifiers.length; k += 1) {
          const value = asString(asObject(identifiers[k])?.value);
          if (value === undefined) continue;
          const trimmed = value.trim();
          if (trimmed !== '' && value === trimmed) continue;
          (findings ??= []).push(error(id, entryPath(message, entry.index, `identifier[${k}].value`), `${resourceType}.identifier.value is blank or padded`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
