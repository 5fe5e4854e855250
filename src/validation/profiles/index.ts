/**
 * The NPHIES profile layer (SPEC section 5, layer 2): every resource of a message is checked
 * against the profile its `meta.profile` declares, with the constraints the official profile
 * tables add to FHIR R4: cardinalities (IC-), fixed values and required value-set bindings (IB-),
 * required extensions (IC-), and the profile itself (RE-00165 unknown, RE-00170 wrong for its place).
 *
 * The profiles are compiled once (compile.ts); `validate` walks each resource once and does no I/O.
 *
 * A claim message nested in a batch is an entry of the batch like any other: its Bundle is checked
 * against its own profile by the batch's pass, as the focal resource it is (an unknown profile is
 * RE-00165, a missing `type` or `entry` is reported even when the claim cannot be read as a
 * message). The pipeline's pass over the nested message checks the resources inside it.
 */
import type { EventDefinition } from '../../fhir/events.js';
import { asArray, asObject, asString, type JsonObject } from '../../fhir/json.js';
import { focalEntries, type MessageEnvelope } from '../../fhir/message.js';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { error, type Finding } from '../../findings/finding.js';
import type { MessageLayer } from '../layer.js';
import type { Terminology } from '../terminology/terminology.js';
import { compileProfiles, type Check, type CheckNode, type CompiledProfile, type CompiledProfiles } from './compile.js';

export { CARDINALITY_FALLBACK, FIXED_FALLBACK, BINDING_FALLBACK } from './compile.js';

const NPHIES_SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';
/** "Profiles SHALL reference a valid nphies profile": an unknown profile on a focal resource. */
export const UNKNOWN_PROFILE = 'RE-00165';
/** "Referenced SHALL point to a valid profile": NPHIES reports it at `Bundle.entry[i].resource`. */
export const WRONG_PROFILE = 'RE-00170';
/** The codes the layer reports about a declared profile itself, beside those of its compiled checks (for `wasl rules`). */
export const PROFILE_IDENTITY_CODES: readonly string[] = [UNKNOWN_PROFILE, WRONG_PROFILE];
/** The `basePath` of a message that is not nested in a batch (see MessageLayer). */
const TOP_LEVEL = 'Bundle';

export interface ProfileLayer extends MessageLayer {
  /** What was compiled: profile and check counts, how many checks have an element-specific official code. */
  summary(): CompiledProfiles['stats'];
}

export interface ProfileLayerOptions {
  profilesDir: string;
  catalogue: CodeCatalogue;
  /** Value-set bindings are checked only with terminology, and only on a definite `unknown-code`. */
  terminology?: Terminology;
  /** Also run the checks `profiles/sample-decisions.json` leaves unenforced (for tests). */
  enforceAll?: boolean;
}

export function createProfileLayer(options: ProfileLayerOptions): ProfileLayer {
  const compiled = compileProfiles(options.profilesDir, options.catalogue, { enforceAll: options.enforceAll ?? false });
  const { terminology } = options;

  const checkResource = (resource: JsonObject, expression: string, focalEvent: string | undefined, findings: Finding[]): void => {
    const declared = asArray(asObject(resource.meta)?.profile);
    for (const raw of declared) {
      const url = asString(raw)?.split('|')[0];
      if (url === undefined || !url.startsWith(NPHIES_SD)) continue;
      const profile = compiled.byUrl.get(url);
      if (!profile) {
        if (compiled.knownWithoutTable.has(url)) continue;
        findings.push(error(focalEvent ? UNKNOWN_PROFILE : WRONG_PROFILE, expression, `${url} is not an NPHIES profile`));
        continue;
      }
      if (!fits(profile, resource, focalEvent)) {
        findings.push(error(WRONG_PROFILE, expression, `a ${String(resource.resourceType)} declaring ${profile.name} does not fit this place`));
        continue;
      }
      walk(walkNodeOf(profile.root), resource, expression, terminology, findings);
    }
  };

  return {
    validate(envelope: MessageEnvelope, event: EventDefinition, basePath: string): Finding[] {
      const findings: Finding[] = [];
      // A nested message's own Bundle was checked by the batch's pass, as an entry of the batch.
      if (basePath === TOP_LEVEL) checkResource(envelope.bundle, basePath, undefined, findings);
      const focal = new Set(focalEntries(envelope).map((e) => e.index));
      for (const entry of envelope.entries) {
        const resource = entry.resource;
        // A nested Bundle (a claim in a batch) is checked here against the Bundle profile only: its
        // profile's checks stop at `entry.resource`, and the resources inside are its own pass's business.
        if (!resource) continue;
        checkResource(resource, `${basePath}.entry[${entry.index}].resource`, focal.has(entry.index) ? event.code : undefined, findings);
      }
      return findings;
    },
    summary: () => compiled.stats,
  };
}

function fits(profile: CompiledProfile, resource: JsonObject, focalEvent: string | undefined): boolean {
  if (resource.resourceType !== profile.resourceType) return false;
  // The focal resource of a priorauth-request must be a prior-authorization profile, and so on.
  if (focalEvent !== undefined && profile.focalFor.length > 0 && !profile.focalFor.includes(focalEvent)) return false;
  return true;
}

/** A compiled node with its children as parallel arrays: walked per resource, so no Map entry is made per visit. */
interface WalkNode {
  readonly checks: readonly Check[];
  readonly names: readonly string[];
  readonly children: readonly WalkNode[];
}

const walkable = new WeakMap<CheckNode, WalkNode>();

/** The walk form of a compiled node, made once per node (the profiles are compiled once at start). */
function walkNodeOf(node: CheckNode): WalkNode {
  let found = walkable.get(node);
  if (!found) {
    found = { checks: node.checks, names: [...node.children.keys()], children: [...node.children.values()].map(walkNodeOf) };
    walkable.set(node, found);
  }
  return found;
}

function walk(node: WalkNode, object: JsonObject, expression: string, terminology: Terminology | undefined, findings: Finding[]): void {
  for (const check of node.checks) run(check, object, expression, terminology, findings);
  for (let c = 0; c < node.names.length; c++) {
    const name = node.names[c] as string;
    const child = node.children[c] as WalkNode;
    const value = object[name];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = asObject(value[i]);
        if (item) walk(child, item, `${expression}.${name}[${i}]`, terminology, findings);
      }
    } else {
      const item = asObject(value);
      if (item) walk(child, item, `${expression}.${name}`, terminology, findings);
    }
  }
}

function run(check: Check, object: JsonObject, expression: string, terminology: Terminology | undefined, findings: Finding[]): void {
  const value = object[check.name];
  switch (check.kind) {
    case 'cardinality': {
      const count = countOf(value);
      if (count < check.min) findings.push(error(check.code, `${expression}.${check.name}`, `${check.path} is required (min ${check.min})`));
      else if (count > check.max) findings.push(error(check.code, `${expression}.${check.name}`, `${check.path} allows at most ${check.max}, found ${count}`));
      return;
    }
    case 'extension': {
      let count = 0;
      for (const ext of asArray(value)) if (asObject(ext)?.url === check.url) count++;
      if (count < check.min) findings.push(error(check.code, `${expression}.extension`, `${check.path} (${check.url}) is required`));
      else if (count > check.max) findings.push(error(check.code, `${expression}.extension`, `${check.path} (${check.url}) allows at most ${check.max}, found ${count}`));
      return;
    }
    case 'fixed': {
      // The value's expression is built only for a finding: most values are right.
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (typeof v === 'string' && v !== check.fixed) findings.push(error(check.code, `${expression}.${check.name}[${i}]`, `${check.path} must be "${check.fixed}"`));
        }
      } else if (typeof value === 'string' && value !== check.fixed) {
        findings.push(error(check.code, `${expression}.${check.name}`, `${check.path} must be "${check.fixed}"`));
      }
      return;
    }
    case 'binding': {
      if (!terminology || !check.binding) return;
      const binding = check.binding;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const rejected = rejectedCode(binding, value[i], terminology);
          if (rejected !== undefined) findings.push(error(check.code, `${expression}.${check.name}[${i}]`, `${rejected} is not in ${binding}`));
        }
      } else if (value !== undefined) {
        const rejected = rejectedCode(binding, value, terminology);
        if (rejected !== undefined) findings.push(error(check.code, `${expression}.${check.name}`, `${rejected} is not in ${binding}`));
      }
      return;
    }
  }
}

/**
 * Judges one bound value as a whole: a code, a Coding, or a CodeableConcept whose codings are
 * alternatives. FHIR lets a concept carry, beside the standard code, translations into other
 * systems (sample 19 adds the provider's own procedure code), so the concept is wrong only when
 * no coding of it is acceptable: every coded coding is a definite `unknown-code`. Returns the
 * first rejected code for the diagnostics, or undefined when the value is acceptable or cannot be judged.
 */
function rejectedCode(binding: string, value: unknown, terminology: Terminology): string | undefined {
  if (typeof value === 'string') return terminology.checkValueSet(binding, undefined, value) === 'unknown-code' ? `"${value}"` : undefined;
  const concept = asObject(value);
  if (!concept) return undefined;
  // A Coding is its own single coding.
  const codings = concept.coding !== undefined ? asArray(concept.coding) : [concept];
  let firstRejected: string | undefined;
  for (const raw of codings) {
    const coding = asObject(raw);
    const code = asString(coding?.code);
    if (code === undefined) continue;
    if (terminology.checkValueSet(binding, asString(coding?.system), code) !== 'unknown-code') return undefined;
    firstRejected ??= `code ${code}`;
  }
  return firstRejected;
}

function countOf(value: unknown): number {
  if (value === undefined || value === null) return 0;
  return Array.isArray(value) ? value.length : 1;
}
