/**
 * Broken references: a reference that resolved to an entry of the message is pointed nowhere.
 * NPHIES reports it with the element's own RE rule where the table has one (RE-00015
 * Claim.patient), else RE-00174; an extension's reference is reported at its `value` choice.
 * One kind per kind of resource referred to; every such reference of the message, one message each.
 */
import { at, type Breakage, type Defect, keyed, resolve } from './kit.js';
import { extensionReferenceCode, referenceCode } from './official.js';

interface FoundReference {
  readonly entry: number;
  /** FHIRPath below `.resource` of the Reference object. */
  readonly sub: string;
  /** `Claim.careTeam.provider`: the element, without indices. */
  readonly element: string;
  /** The extension name when the reference is an extension's value (`encounter`). */
  readonly extension?: string;
  readonly target: string;
}

function* referencesOf(message: any): Generator<FoundReference> {
  for (let entry = 0; entry < message.entry.length; entry++) {
    const resource = message.entry[entry].resource;
    if (!resource || resource.resourceType === 'Bundle') continue;
    yield* walk(message, entry, resource, '', resource.resourceType, undefined);
  }
}

function* walk(message: any, entry: number, node: any, sub: string, element: string, extension: string | undefined): Generator<FoundReference> {
  for (const [name, value] of Object.entries(node)) {
    const list = Array.isArray(value) ? value : [value];
    for (let i = 0; i < list.length; i++) {
      const child = list[i];
      if (child === null || typeof child !== 'object') continue;
      const childSub = `${sub ? `${sub}.` : ''}${name}${Array.isArray(value) ? `[${i}]` : ''}`;
      const childExtension = name === 'extension' && typeof child.url === 'string' ? child.url.split('/').pop().replace(/^extension-/, '') : extension;
      if (typeof child.reference === 'string') {
        const target = resolve(message, child.reference);
        if (target > 0) yield { entry, sub: childSub, element: `${element}.${name}`, target: message.entry[target].resource.resourceType, ...(extension ? { extension } : {}) };
        continue;
      }
      yield* walk(message, entry, child, childSub, `${element}.${name}`, childExtension);
    }
  }
}

const NOWHERE = 'http://nowhere.example/fhir/Resource/404';

function danglingReferenceTo(id: string, targets: (type: string) => boolean, inExtension: boolean): Defect {
  return {
    id,
    family: 'reference',
    breakages(message) {
      const found: Breakage[] = [];
      for (const ref of referencesOf(message)) {
        if (!targets(ref.target) || (ref.extension !== undefined) !== inExtension) continue;
        const resourceType = message.entry[ref.entry].resource.resourceType;
        // Each element (`Claim.careTeam.provider`) once: the code and the path walk are the same in every sample.
        found.push(keyed(ref.element, (bundle) => {
          const path = ref.sub.split(/\.|(?=\[)/);
          let node = bundle.entry[ref.entry].resource;
          for (const part of path) node = part.startsWith('[') ? node[Number(part.slice(1, -1))] : node[part];
          node.reference = NOWHERE;
          return ref.extension !== undefined
            ? { code: extensionReferenceCode(resourceType, ref.extension), expression: at(ref.entry, ref.sub.replace(/\.valueReference$/, '.value')) }
            : { code: referenceCode(ref.element), expression: at(ref.entry, ref.sub) };
        }));
      }
      return found;
    },
  };
}

const COMMON = ['Patient', 'Coverage', 'Organization', 'Practitioner', 'PractitionerRole', 'Encounter', 'Location'];

export const REFERENCE_DEFECTS: readonly Defect[] = [
  danglingReferenceTo('reference-to-patient-dangling', (t) => t === 'Patient', false),
  danglingReferenceTo('reference-to-coverage-dangling', (t) => t === 'Coverage', false),
  danglingReferenceTo('reference-to-organization-dangling', (t) => t === 'Organization', false),
  danglingReferenceTo('reference-to-practitioner-dangling', (t) => t === 'Practitioner' || t === 'PractitionerRole', false),
  danglingReferenceTo('reference-to-encounter-or-location-dangling', (t) => t === 'Encounter' || t === 'Location', false),
  danglingReferenceTo('reference-to-other-resource-dangling', (t) => !COMMON.includes(t), false),
  danglingReferenceTo('extension-reference-dangling', () => true, true),
];
