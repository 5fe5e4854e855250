/**
 * The terminology layer (SPEC section 5, layer 4): every Coding of a message whose system Wasl holds is looked
 * up in the packs loaded at start. A code its code system does not define is an error under the element's
 * official IB code (or IB-00237, "code validation failed"); a code Wasl can only shape-check or holds in part
 * (the licensed Saudi Billing System without the operator's file, the published fragment of the medication codes,
 * ICD-10-AM beyond the cause-of-death list) is a warning, never an error and never silently accepted.
 *
 * The profile layer judges bound elements first (`withBindings`); this layer adds what it does not say.
 */
import type { EventDefinition } from '../../fhir/events.js';
import type { MessageEnvelope } from '../../fhir/message.js';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { error, warning, type Finding } from '../../findings/finding.js';
import type { MessageLayer } from '../layer.js';
import { buildCodeLookup } from '../schema/codes.js';
import { normaliseElementKey } from '../schema/paths.js';
import type { CodeVerdict, Terminology } from './terminology.js';

/** "Element SHALL have a valid code from the assigned valueSet (code validation failed)". */
export const UNKNOWN_CODE_FALLBACK = 'IB-00237';
/** Wasl's warning for a code it can only shape-check or holds in part. */
export const UNVERIFIABLE_CODE = 'WASL_WARN_UNVERIFIABLE_CODE';

type JsonObject = Record<string, unknown>;

/** Every official code the layer can report, for `wasl rules`: the element binding codes and the fallback. */
export function terminologyLayerCodes(catalogue: CodeCatalogue): ReadonlySet<string> {
  const bindings = [...buildCodeLookup(catalogue.officialRules()).codes()].filter((c) => c.startsWith('IB-'));
  return new Set([UNKNOWN_CODE_FALLBACK, ...bindings]);
}

export function createTerminologyLayer(options: { terminology: Terminology; catalogue: CodeCatalogue }): MessageLayer {
  const { terminology } = options;
  const lookup = buildCodeLookup(options.catalogue.officialRules());
  if (!options.catalogue.has(UNKNOWN_CODE_FALLBACK) || !options.catalogue.has(UNVERIFIABLE_CODE)) {
    throw new Error(`terminology layer: ${UNKNOWN_CODE_FALLBACK} or ${UNVERIFIABLE_CODE} is not in the code catalogue`);
  }
  /** Element key → official code, filled on first use (the element paths of messages are few). */
  const codeByElement = new Map<string, string>();
  const codeFor = (element: string): string => {
    let code = codeByElement.get(element);
    if (code === undefined) {
      const found = lookup.codeFor('code', [], [normaliseElementKey(element)]);
      code = found.startsWith('IB-') ? found : UNKNOWN_CODE_FALLBACK;
      codeByElement.set(element, code);
    }
    return code;
  };

  const judge = (verdict: CodeVerdict, system: string, code: string, element: string, expression: () => string, findings: Finding[]): void => {
    switch (verdict) {
      case 'unknown-code':
        findings.push(error(codeFor(element), expression(), `${code} is not a code of ${system}`));
        return;
      case 'bad-shape':
        findings.push(error(codeFor(element), expression(), `${code} does not have the shape of a ${system} code`));
        return;
      case 'unverifiable':
        findings.push(warning(UNVERIFIABLE_CODE, expression(), `${code} of ${system} is not verifiable: Wasl holds only part of this code system`));
        return;
      case 'known':
      case 'no-data':
        return;
    }
  };

  /**
   * Walks one resource. `names` are the element names from the resource root, `indexes` the array index of each
   * (-1 for a single value); both are stacks, joined into a path only when there is something to report.
   */
  const walk = (node: JsonObject, resourceType: string, base: string, names: string[], indexes: number[], findings: Finding[]): void => {
    const system = node.system;
    const code = node.code;
    if (typeof system === 'string' && typeof code === 'string') {
      const verdict = terminology.checkCodeSystem(system, code);
      if (verdict !== 'known' && verdict !== 'no-data') {
        // A Coding inside a CodeableConcept belongs to the concept's element (`Claim.item.productOrService`).
        const owner = names.at(-1) === 'coding' ? names.slice(0, -1) : names;
        const element = [resourceType, ...owner].join('.');
        judge(verdict, system, code, element, () => pathOf(base, names, indexes), findings);
      }
    }
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      names.push(key);
      if (Array.isArray(value)) {
        indexes.push(0);
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          indexes[indexes.length - 1] = i;
          visit(item as JsonObject, key, resourceType, base, names, indexes, findings);
        }
      } else {
        indexes.push(-1);
        visit(value as JsonObject, key, resourceType, base, names, indexes, findings);
      }
      names.pop();
      indexes.pop();
    }
  };

  /** A contained resource starts a new element path under its own type. */
  const visit = (node: JsonObject, key: string, resourceType: string, base: string, names: string[], indexes: number[], findings: Finding[]): void => {
    if (key === 'contained' && typeof node.resourceType === 'string') {
      walk(node, node.resourceType, pathOf(base, names, indexes), [], [], findings);
    } else {
      walk(node, resourceType, base, names, indexes, findings);
    }
  };

  return {
    validate(envelope: MessageEnvelope, _event: EventDefinition, basePath: string): Finding[] {
      const findings: Finding[] = [];
      // The Bundle's own elements (meta.tag); its entries are walked one by one below.
      walk({ ...(envelope.bundle as JsonObject), entry: undefined }, 'Bundle', basePath, [], [], findings);
      for (const entry of envelope.entries) {
        const resource = entry.resource as JsonObject | undefined;
        // A message nested in a batch is checked as the message it is, by its own pass.
        if (!resource || typeof resource.resourceType !== 'string' || resource.resourceType === 'Bundle') continue;
        walk(resource, resource.resourceType, `${basePath}.entry[${entry.index}].resource`, [], [], findings);
      }
      return findings;
    },
  };
}

/** `base.name[index].name...` from the walk's stacks. */
function pathOf(base: string, names: readonly string[], indexes: readonly number[]): string {
  let path = base;
  for (let i = 0; i < names.length; i++) {
    path += `.${names[i] as string}`;
    const index = indexes[i] as number;
    if (index >= 0) path += `[${index}]`;
  }
  return path;
}

/**
 * The profile layer and the terminology layer as one: the profile layer judges each bound element against its
 * value set, and the terminology layer's errors for a coding of an element the profile layer already reported
 * are dropped, so one wrong code gives one error. Warnings always pass: the profile layer never reports a doubt.
 */
export function withBindings(profiles: MessageLayer, codes: MessageLayer): MessageLayer {
  return {
    validate(envelope, event, basePath) {
      const bound = profiles.validate(envelope, event, basePath);
      const reported = bound.filter((f) => f.code.startsWith('IB-') && f.expression !== undefined).map((f) => f.expression as string);
      const more = codes.validate(envelope, event, basePath);
      if (reported.length === 0) return [...bound, ...more];
      const repeats = (f: Finding): boolean =>
        f.severity === 'error' && f.expression !== undefined && reported.some((at) => f.expression === at || f.expression!.startsWith(`${at}.`));
      return [...bound, ...more.filter((f) => !repeats(f))];
    },
  };
}
