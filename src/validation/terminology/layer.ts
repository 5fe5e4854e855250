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
import { error, excerpt, warning, type Finding } from '../../findings/finding.js';
import { FindingList } from '../../findings/limit.js';
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

  /**
   * The finding for a coding whose verdict is not `known`, if any. The element (what its code is found by) is
   * spelt out only for an error: most codings that get here are the warnings of lists Wasl holds in part.
   */
  const judge = (walk: CodeWalk, verdict: CodeVerdict, system: string, code: string): void => {
    switch (verdict) {
      case 'unknown-code':
        walk.findings.push(error(codeFor(walk.element()), walk.path(), `${excerpt(code)} is not a code of ${excerpt(system)}`));
        return;
      case 'bad-shape':
        walk.findings.push(error(codeFor(walk.element()), walk.path(), `${excerpt(code)} does not have the shape of a ${excerpt(system)} code`));
        return;
      case 'unverifiable':
        walk.findings.push(warning(UNVERIFIABLE_CODE, walk.path(), `${excerpt(code)} of ${excerpt(system)} is not verifiable: Wasl holds only part of this code system`));
        return;
      case 'known':
      case 'no-data':
        return;
    }
  };

  return {
    validate(envelope: MessageEnvelope, _event: EventDefinition, basePath: string): Finding[] {
      const walk = new CodeWalk(terminology, judge);
      // The Bundle's own elements (meta.tag); its entries are walked one by one below.
      walk.resource(envelope.bundle, 'Bundle', basePath, 'entry');
      for (const entry of envelope.entries) {
        const resource = entry.resource as JsonObject | undefined;
        // A message nested in a batch is checked as the message it is, by its own pass.
        if (!resource || typeof resource.resourceType !== 'string' || resource.resourceType === 'Bundle') continue;
        walk.resource(resource, resource.resourceType, `${basePath}.entry[${entry.index}].resource`);
      }
      return walk.findings.done();
    },
  };
}

/**
 * One message's walk over every object of its resources, depth first, properties in JSON order: each object with a
 * string `system` and `code` (a Coding, or anything shaped like one) is looked up before its children, and `judge`
 * reports a verdict other than `known`. Where the walk stands is kept as two stacks, the element names from the
 * resource root and the array index of each (-1 for a single value), written out only for a finding; nothing is
 * allocated per object.
 */
class CodeWalk {
  /** Bounded: a message of a million unknown codes makes a bounded list (FindingList: ten times MAX_FINDINGS) and a truncation notice (issue 9). */
  readonly findings = new FindingList();
  #names: string[] = [];
  #indexes: number[] = [];
  #resourceType = '';
  #base = '';

  constructor(
    readonly terminology: Terminology,
    readonly judge: (walk: CodeWalk, verdict: CodeVerdict, system: string, code: string) => void,
  ) {}

  /** Walks a resource whose FHIRPath is `base`; `skip` is a property of the resource itself left out. */
  resource(resource: JsonObject, resourceType: string, base: string, skip?: string): void {
    // The stacks are empty here: every walk below pops what it pushed.
    this.#resourceType = resourceType;
    this.#base = base;
    this.#object(resource, skip);
  }

  /** `base.name[index].name...` of the object the walk stands on. */
  path(): string {
    let path = this.#base;
    for (let i = 0; i < this.#names.length; i++) {
      path += `.${this.#names[i] as string}`;
      const index = this.#indexes[i] as number;
      if (index >= 0) path += `[${index}]`;
    }
    return path;
  }

  /** The element the object is the value of (`Claim.item.productOrService`): a Coding inside a CodeableConcept belongs to the concept's. */
  element(): string {
    const names = this.#names;
    const depth = names.length > 0 && names[names.length - 1] === 'coding' ? names.length - 1 : names.length;
    let element = this.#resourceType;
    for (let i = 0; i < depth; i++) element += `.${names[i] as string}`;
    return element;
  }

  #object(node: JsonObject, skip?: string): void {
    const system = node.system;
    const code = node.code;
    if (typeof system === 'string' && typeof code === 'string') {
      const verdict = this.terminology.checkCodeSystem(system, code);
      if (verdict !== 'known' && verdict !== 'no-data') this.judge(this, verdict, system, code);
    }
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== 'object' || key === skip) continue;
      this.#names.push(key);
      if (Array.isArray(value)) {
        this.#indexes.push(0);
        const top = this.#indexes.length - 1;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
          this.#indexes[top] = i;
          this.#child(key, item as JsonObject);
        }
      } else {
        this.#indexes.push(-1);
        this.#child(key, value as JsonObject);
      }
      this.#names.pop();
      this.#indexes.pop();
    }
  }

  /** A contained resource starts a new element path under its own type. */
  #child(key: string, node: JsonObject): void {
    if (key === 'contained' && typeof node.resourceType === 'string') {
      const resourceType = this.#resourceType;
      const base = this.#base;
      const names = this.#names;
      const indexes = this.#indexes;
      this.#resourceType = node.resourceType;
      this.#base = this.path();
      this.#names = [];
      this.#indexes = [];
      this.#object(node);
      this.#resourceType = resourceType;
      this.#base = base;
      this.#names = names;
      this.#indexes = indexes;
    } else {
      this.#object(node);
    }
  }
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
      const more = codes.validate(envelope, event, basePath);
      // Most messages have findings from one layer at most: the list is passed on as it came.
      if (more.length === 0) return bound;
      if (bound.length === 0) return more;
      const reported = boundExpressions(bound);
      const all = bound.slice();
      for (const f of more) if (reported === undefined || !repeats(f, reported)) all.push(f);
      return all;
    },
  };
}

/** Where the profile layer reported a value outside its binding (IB-), or undefined when nowhere. */
function boundExpressions(bound: readonly Finding[]): Set<string> | undefined {
  let reported: Set<string> | undefined;
  for (const f of bound) if (f.code.startsWith('IB-') && f.expression !== undefined) (reported ??= new Set()).add(f.expression);
  return reported;
}

/**
 * A terminology error about a coding at or below an element the profile layer already reported: the
 * expression itself or one of its ancestors (cut at each `.`) is in the set, one lookup per level, so
 * that many findings of both layers never cost their product (issue 9).
 */
function repeats(f: Finding, reported: ReadonlySet<string>): boolean {
  const expression = f.expression;
  if (f.severity !== 'error' || expression === undefined) return false;
  if (reported.has(expression)) return true;
  for (let dot = expression.lastIndexOf('.'); dot > 0; dot = expression.lastIndexOf('.', dot - 1)) {
    if (reported.has(expression.slice(0, dot))) return true;
  }
  return false;
}
