/**
 * Defects generated from the profile data (profiles/*.json): for each resource of a message, the
 * profile it declares says which elements are required, how often they may repeat and which
 * values are fixed. A kind is one recipe (drop a required Reference, repeat an element past its
 * maximum, ...); it breaks every element of the message the recipe fits, one message each.
 */
import { at, defect, eventOf, focalIndex, keyed, type Breakage, type Defect } from './kit.js';
import { allProfiles, cardinalityCode, declaredProfile, fixedValueCode, isSuspended, type Profile, type ProfileElement } from './official.js';

/** The element types one recipe drops, by the profile table's type column. */
const DROP_RECIPES: readonly [string, RegExp][] = [
  ['reference', /^reference/i],
  ['codeable-concept', /^codeableconcept/i],
  ['coding', /^coding/i],
  ['identifier', /^identifier/i],
  ['money', /^money/i],
  ['quantity', /quantity/i],
  ['period', /^period/i],
  ['date-time', /^(date|datetime|instant)\b/i],
  ['backbone', /^backboneelement/i],
  ['code', /^code\b/i],
  ['string', /^(string|markdown)\b/i],
  ['uri', /^(uri|url)\b/i],
  ['number', /^(positiveint|unsignedint|integer|decimal)\b/i],
  ['boolean', /^boolean\b/i],
  ['complex-datatype', /^(humanname|address|contactpoint|attachment|dosage|annotation)\b/i],
];

/**
 * Elements a drop does not break alone: the resource id and its meta carry the identity and the
 * declared profile itself (other kinds break those), a choice element `[x]` has no single name.
 * Without `MessageHeader.eventCoding` there is no message to validate: the gateway refuses the
 * envelope before validation (a test of src/fhir/message.ts, not of the validator).
 */
const NOT_DROPPED = /(^|\.)(id|meta|meta\.profile)$|\[x\]|^eventCoding$/;

interface Site {
  /** The object holding the element (walked from the resource, first instance of each array). */
  readonly parent: any;
  /** Its FHIRPath below `.resource`, '' for the resource itself. */
  readonly sub: string;
}

/** The first instance of each ancestor of an element, or undefined when the message has none. */
function siteOf(resource: any, ancestors: readonly string[]): Site | undefined {
  let node = resource;
  let sub = '';
  for (const name of ancestors) {
    const value = node?.[name];
    const next = Array.isArray(value) ? value[0] : value;
    if (next === null || typeof next !== 'object') return undefined;
    sub = `${sub ? `${sub}.` : ''}${name}${Array.isArray(value) ? '[0]' : ''}`;
    node = next;
  }
  return { parent: node, sub };
}

const join = (sub: string, name: string): string => (sub ? `${sub}.${name}` : name);

interface Located {
  readonly entry: number;
  readonly profile: Profile;
  readonly element: ProfileElement;
  /** The element's path below the resource, without the resource type. */
  readonly segments: readonly string[];
}

/** Every element of every top-level resource's declared profile (a nested batch message is its own message). */
function* elementsOf(message: any): Generator<Located> {
  for (let entry = 0; entry < message.entry.length; entry++) {
    const resource = message.entry[entry].resource;
    const profile = declaredProfile(resource);
    if (!profile || resource.resourceType !== profile.resourceType) continue;
    for (const element of profile.elements) yield { entry, profile, element, segments: element.path.split('.').slice(1) };
  }
}

/** Re-finds the element's site in the copy a breakage is given. */
const siteIn = (bundle: any, located: Located, ancestors: readonly string[]): Site | undefined => siteOf(bundle.entry[located.entry].resource, ancestors);

function dropRequired(recipe: string, type: RegExp): Defect {
  return {
    id: `profile-drop-required-${recipe}`,
    family: 'profile',
    breakages(message) {
      const found: Breakage[] = [];
      for (const located of elementsOf(message)) {
        const { element, profile, segments } = located;
        if (element.min < 1 || element.path.includes('.extension:') || NOT_DROPPED.test(segments.join('.')) || !type.test(element.type)) continue;
        if (isSuspended(profile, element, 'cardinality')) continue;
        const ancestors = segments.slice(0, -1);
        const name = segments[segments.length - 1]!;
        const site = siteIn(message, located, ancestors);
        if (site?.parent[name] === undefined) continue;
        found.push(keyed(`${profile.name} ${element.path}`, (bundle) => {
          const copy = siteIn(bundle, located, ancestors)!;
          delete copy.parent[name];
          return { code: cardinalityCode(profile, element), expression: at(located.entry, join(copy.sub, name)) };
        }));
      }
      return found;
    },
  };
}

/** Drops a required extension slice (`Claim.extension:episode`, `Claim.item.extension:tax`). */
function dropRequiredExtension(id: string, nested: boolean): Defect {
  return {
    id,
    family: 'profile',
    breakages(message) {
      const found: Breakage[] = [];
      for (const located of elementsOf(message)) {
        const { element, profile } = located;
        if (element.min < 1 || !element.extensionUrl || !element.path.includes('.extension:')) continue;
        if (isSuspended(profile, element, 'extension')) continue;
        const ancestors = element.path.split('.extension:')[0]!.split('.').slice(1);
        if ((ancestors.length > 0) !== nested) continue;
        const url = element.extensionUrl;
        const site = siteIn(message, located, ancestors);
        if (!site?.parent.extension?.some((e: any) => e.url === url)) continue;
        found.push(keyed(`${profile.name} ${element.path}`, (bundle) => {
          const copy = siteIn(bundle, located, ancestors)!;
          copy.parent.extension = copy.parent.extension.filter((e: any) => e.url !== url);
          // FHIR JSON has no empty arrays: an extension list left empty goes.
          if (copy.parent.extension.length === 0) delete copy.parent.extension;
          return { code: cardinalityCode(profile, element), expression: at(located.entry, join(copy.sub, 'extension')) };
        }));
      }
      return found;
    },
  };
}

/** Repeats an element whose profile caps a repeating R4 element (`max` 1 on an array). */
const exceedMax: Defect = {
  id: 'profile-repeat-past-max',
  family: 'profile',
  breakages(message) {
    const found: Breakage[] = [];
    for (const located of elementsOf(message)) {
      const { element, profile, segments } = located;
      if (!element.array || element.max === '*' || element.path.includes('.extension:') || NOT_DROPPED.test(segments.join('.'))) continue;
      if (isSuspended(profile, element, 'cardinality')) continue;
      const ancestors = segments.slice(0, -1);
      const name = segments[segments.length - 1]!;
      const site = siteIn(message, located, ancestors);
      if (!Array.isArray(site?.parent[name]) || site.parent[name].length === 0) continue;
      found.push(keyed(`${profile.name} ${element.path}`, (bundle) => {
        const copy = siteIn(bundle, located, ancestors)!;
        const list = copy.parent[name] as unknown[];
        while (list.length <= Number(element.max)) list.push(structuredClone(list[0]));
        return { code: cardinalityCode(profile, element), expression: at(located.entry, join(copy.sub, name)) };
      }));
    }
    return found;
  },
};

/** Another valid R4 code for the element, so only the profile's fixed value is broken. */
const OTHER_CODE: Record<string, string> = { active: 'cancelled', order: 'plan', claim: 'preauthorization', preauthorization: 'claim' };

const wrongFixedValue: Defect = {
  id: 'profile-wrong-fixed-value',
  family: 'profile',
  breakages(message) {
    const found: Breakage[] = [];
    for (const located of elementsOf(message)) {
      const { element, profile, segments } = located;
      if (element.fixed === undefined || !OTHER_CODE[element.fixed] || isSuspended(profile, element, 'fixed')) continue;
      const ancestors = segments.slice(0, -1);
      const name = segments[segments.length - 1]!;
      if (siteIn(message, located, ancestors)?.parent[name] !== element.fixed) continue;
      found.push(keyed(`${profile.name} ${element.path}`, (bundle) => {
        const copy = siteIn(bundle, located, ancestors)!;
        copy.parent[name] = OTHER_CODE[element.fixed!];
        return { code: fixedValueCode(element), expression: at(located.entry, join(copy.sub, name)) };
      }));
    }
    return found;
  },
};

const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';

/** A profile of another resource type than `type`, with its version. */
const profileOfOtherType = (type: string): string => {
  const other = allProfiles().find((p) => p.resourceType !== type)!;
  return `${other.url}|1.0.0`;
};

/** RE-00170 "Referenced SHALL point to a valid profile": a resource declaring a profile of another resource type. */
const supportingResourceWrongProfile: Defect = {
  id: 'profile-of-another-resource-type',
  family: 'profile',
  breakages(message) {
    const focal = focalIndex(message);
    const found: Breakage[] = [];
    message.entry.forEach((entry: any, i: number) => {
      if (i === focal || !declaredProfile(entry.resource)) return;
      found.push(keyed(`${entry.resource.resourceType} ${declaredProfile(entry.resource)!.name}`, (bundle) => {
        const resource = bundle.entry[i].resource;
        resource.meta.profile[0] = profileOfOtherType(resource.resourceType);
        return { code: 'RE-00170', expression: at(i) };
      }));
    });
    return found;
  },
};

export const PROFILE_DEFECTS: readonly Defect[] = [
  ...DROP_RECIPES.map(([recipe, type]) => dropRequired(recipe, type)),
  dropRequiredExtension('profile-drop-required-extension', false),
  dropRequiredExtension('profile-drop-required-nested-extension', true),
  exceedMax,
  wrongFixedValue,
  supportingResourceWrongProfile,
  defect('profile', 'focal-profile-of-another-event', (b) => {
    // The focal resource of a claim-request declaring a prior-authorization profile, and so on.
    const i = focalIndex(b);
    const resource = b.entry[i]?.resource;
    const own = declaredProfile(resource);
    const other = allProfiles().find((p) => p.resourceType === resource?.resourceType && p.focalFor.length > 0 && !p.focalFor.includes(eventOf(b)));
    if (!own || !other) return undefined;
    resource.meta.profile[0] = `${other.url}|1.0.0`;
    return { code: 'RE-00170', expression: at(i) };
  }),
  defect('profile', 'focal-profile-unknown', (b) => {
    const i = focalIndex(b);
    if (!declaredProfile(b.entry[i]?.resource)) return undefined;
    b.entry[i].resource.meta.profile[0] = `${SD}no-such-profile|1.0.0`;
    return { code: 'RE-00165', expression: at(i) };
  }),
  defect('profile', 'supporting-profile-unknown', (b) => {
    const focus = new Set((b.entry[0].resource.focus ?? []).map((f: any) => f.reference));
    const i = b.entry.findIndex((e: any, j: number) => j > 0 && !focus.has(e.fullUrl) && declaredProfile(e.resource));
    if (i < 0) return undefined;
    b.entry[i].resource.meta.profile[0] = `${SD}no-such-profile|1.0.0`;
    return { code: 'RE-00170', expression: at(i) };
  }),
  defect('profile', 'header-profile-of-another-type', (b) => {
    b.entry[0].resource.meta.profile[0] = profileOfOtherType('MessageHeader');
    return { code: 'RE-00170', expression: at(0) };
  }),
  defect('profile', 'bundle-profile-of-another-type', (b) => {
    if (!b.meta?.profile?.length) return undefined;
    b.meta.profile[0] = profileOfOtherType('Bundle');
    return { code: 'RE-00170', expression: 'Bundle' };
  }),
];
