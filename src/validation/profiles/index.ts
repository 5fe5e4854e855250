/**
 * The NPHIES profile layer (SPEC section 5, layer 2): every resource of a message is checked
 * against the profile its `meta.profile` declares, with the constraints the official profile
 * tables add to FHIR R4: cardinalities (IC-), fixed values and required value-set bindings (IB-),
 * required extensions (IC-), and the profile itself (RE-00165 unknown, RE-00170 wrong for its place).
 *
 * The profiles are compiled once (compile.ts); `validate` walks each resource once (walk.ts) and does no I/O.
 *
 * A claim message nested in a batch is an entry of the batch like any other: its Bundle is checked
 * against its own profile by the batch's pass, as the focal resource it is (an unknown profile is
 * RE-00165, a missing `type` or `entry` is reported even when the claim cannot be read as a
 * message). The pipeline's pass over the nested message checks the resources inside it.
 */
import type { EventDefinition } from '../../fhir/events.js';
import type { JsonObject } from '../../fhir/json.js';
import type { BundleEntry, MessageEnvelope } from '../../fhir/message.js';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { error, excerpt, type Finding } from '../../findings/finding.js';
import type { MessageLayer } from '../layer.js';
import type { Terminology } from '../terminology/terminology.js';
import { UrlMap } from '../terminology/url-map.js';
import { compileProfiles, type CompiledProfile, type CompiledProfiles } from './compile.js';
import { ProfileWalk, walkTree, type WalkNode } from './walk.js';

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

  /**
   * The profiles by URL as declared, `|version` and all (NPHIES profiles only): the usual declaration is one
   * lookup of the string as it came, with nothing cut from it and nothing hashed (see UrlMap).
   */
  const byDeclared = new UrlMap<Declared>();
  /** Each profile with the root of its walk, made once however many URLs name it. */
  const declaredOf = new Map<CompiledProfile, Declared>();
  for (const profile of compiled.byUrl.values()) {
    if (!declaredOf.has(profile)) declaredOf.set(profile, { profile, root: walkTree(profile.root, options.terminology) });
  }
  for (const [declared, profile] of compiled.byDeclared) if (declared.startsWith(NPHIES_SD)) byDeclared.set(declared, declaredOf.get(profile) as Declared);

  /** Checks the resource the walk stands on (see ProfileWalk.at) against each profile it declares. */
  const checkResource = (walk: ProfileWalk, resource: JsonObject, focalEvent: string | undefined): void => {
    const meta = resource.meta;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return;
    const declared = (meta as JsonObject).profile;
    if (!Array.isArray(declared)) return;
    // Each declaration is judged once: a profile repeated 500 times walked the resource 500 times and said
    // every finding 500 times (issue 9). Most resources declare one profile, and the Set is never made.
    let judged: Set<string> | undefined;
    for (let p = 0; p < declared.length; p++) {
      const raw: unknown = declared[p];
      if (typeof raw !== 'string') continue;
      if (p > 0) {
        judged ??= new Set<string>(typeof declared[0] === 'string' ? [declared[0]] : []);
        if (judged.has(raw)) continue;
        judged.add(raw);
      }
      let found = byDeclared.get(raw);
      if (found === undefined) {
        const bar = raw.indexOf('|');
        const url = bar < 0 ? raw : raw.slice(0, bar);
        if (!url.startsWith(NPHIES_SD)) continue;
        const profile = compiled.byUrl.get(url);
        if (!profile) {
          if (compiled.knownWithoutTable.has(url)) continue;
          walk.add(error(focalEvent ? UNKNOWN_PROFILE : WRONG_PROFILE, walk.path(), `${excerpt(url)} is not an NPHIES profile`));
          continue;
        }
        found = declaredOf.get(profile) as Declared;
      }
      const profile = found.profile;
      if (!fits(profile, resource, focalEvent)) {
        walk.add(error(WRONG_PROFILE, walk.path(), `a ${String(resource.resourceType)} declaring ${profile.name} does not fit this place`));
        continue;
      }
      walk.node(found.root, resource);
    }
  };

  return {
    validate(envelope: MessageEnvelope, event: EventDefinition, basePath: string): Finding[] {
      const walk = new ProfileWalk(basePath);
      // A nested message's own Bundle was checked by the batch's pass, as an entry of the batch.
      if (basePath === TOP_LEVEL) {
        walk.at(-1);
        checkResource(walk, envelope.bundle, undefined);
      }
      const entries = envelope.entries;
      for (let e = 0; e < entries.length; e++) {
        const entry = entries[e] as BundleEntry;
        const resource = entry.resource;
        // A nested Bundle (a claim in a batch) is checked here against the Bundle profile only: its
        // profile's checks stop at `entry.resource`, and the resources inside are its own pass's business.
        if (!resource) continue;
        walk.at(entry.index);
        checkResource(walk, resource, isFocal(envelope, e) ? event.code : undefined);
      }
      return walk.done();
    },
    summary: () => compiled.stats,
  };
}

/**
 * Is entry `e` one the MessageHeader focuses on: the first entry with a `fullUrl` its focus names
 * (as focalEntries says), found without building the index focalEntries builds.
 */
function isFocal(envelope: MessageEnvelope, e: number): boolean {
  const fullUrl = (envelope.entries[e] as BundleEntry).fullUrl;
  if (fullUrl === undefined || !envelope.focusReferences.includes(fullUrl)) return false;
  for (let before = 0; before < e; before++) if ((envelope.entries[before] as BundleEntry).fullUrl === fullUrl) return false;
  return true;
}

/** A profile a resource may declare, with the root of its walk. */
interface Declared {
  readonly profile: CompiledProfile;
  readonly root: WalkNode;
}

function fits(profile: CompiledProfile, resource: JsonObject, focalEvent: string | undefined): boolean {
  if (resource.resourceType !== profile.resourceType) return false;
  // The focal resource of a priorauth-request must be a prior-authorization profile, and so on.
  if (focalEvent !== undefined && profile.focalFor.length > 0 && !profile.focalFor.includes(focalEvent)) return false;
  return true;
}
