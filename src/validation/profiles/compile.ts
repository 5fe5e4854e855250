/**
 * Compiles the generated profile data (`profiles/*.json`, see src/data-gen/profiles.ts) once, at
 * start, into a tree of checks per profile: one node per element path below the resource, each
 * with the checks that read its children. A message is then validated by one walk per resource.
 *
 * Every check carries its official code, found by element in the rule catalogue the way the
 * base-schema layer finds its codes (schema/codes.ts): IC "<element> SHALL follow the specified
 * cardinality", IB "<element> SHALL use a code from the specified valueSet". Where the workbook
 * has no rule for the element, the generic code is used (IC-01428 for cardinality, IB-00240 for a
 * fixed value, IB-00000 for a binding) and the check is counted as a fallback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedProfile, ProfilesManifest } from '../../data-gen/profiles.js';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { buildCodeLookup, catalogueKeys } from '../schema/codes.js';
import { normaliseElementKey } from '../schema/paths.js';

/** "The element SHALL follow the cardinality specified in the NPHIES profile" (published 2021-07-01). */
export const CARDINALITY_FALLBACK = 'IC-01428';
/** "Value SHALL be a valid code from the assigned valueSet (content does not match fixed value)". */
export const FIXED_FALLBACK = 'IB-00240';
/** "The element SHALL have a valid value/code from the valueSet assigned to the element in the nphies message profiles". */
export const BINDING_FALLBACK = 'IB-00000';

export type CheckKind = 'cardinality' | 'extension' | 'fixed' | 'binding';

export interface Check {
  readonly kind: CheckKind;
  /** The child property the check reads (`extension` for a slice). */
  readonly name: string;
  readonly url?: string;
  readonly min: number;
  readonly max: number;
  /** The R4 element repeats; a max below R4's is only breakable then. */
  readonly array: boolean;
  readonly fixed?: string;
  readonly binding?: string;
  readonly code: string;
  readonly fallback: boolean;
  /** `<profile> <path> <kind>`: the key sample decisions use. */
  readonly key: string;
  /** The profile path (`Claim.item.extension:patientInvoice`), for diagnostics. */
  readonly path: string;
}

export interface CheckNode {
  readonly checks: Check[];
  readonly children: Map<string, CheckNode>;
}

export interface CompiledProfile {
  readonly name: string;
  readonly url: string;
  readonly resourceType: string;
  readonly focalFor: readonly string[];
  readonly root: CheckNode;
}

export interface CompiledProfiles {
  /** By canonical URL without version. */
  readonly byUrl: ReadonlyMap<string, CompiledProfile>;
  /**
   * By URL as messages declare it: each `url|version` of the manifest (what the samples carry), and
   * the URL alone, each giving what `byUrl` gives for the URL.
   */
  readonly byDeclared: ReadonlyMap<string, CompiledProfile>;
  /** Valid NPHIES profiles with no table (no checks). */
  readonly knownWithoutTable: ReadonlySet<string>;
  readonly stats: { profiles: number; checks: number; specific: number; fallback: number; suspended: number; byKind: Record<CheckKind, number> };
}

export interface SampleDecision {
  profile: string;
  path: string;
  kind: CheckKind;
  code: string;
  enforced: boolean;
}

const CODE_TYPES = /^(codeableconcept|coding|code)\b/i;

export function compileProfiles(profilesDir: string, catalogue: CodeCatalogue, options: { enforceAll?: boolean } = {}): CompiledProfiles {
  const manifest = JSON.parse(readFileSync(join(profilesDir, 'manifest.json'), 'utf8')) as ProfilesManifest;
  const suspended = options.enforceAll ? new Set<string>() : readSuspended(profilesDir);
  const lookup = buildCodeLookup(catalogue.officialRules());
  const stats = { profiles: 0, checks: 0, specific: 0, fallback: 0, suspended: 0, byKind: { cardinality: 0, extension: 0, fixed: 0, binding: 0 } };

  const codeOf = (kind: CheckKind, keys: string[]): { code: string; fallback: boolean } => {
    const found = lookup.codeFor(kind === 'cardinality' || kind === 'extension' ? 'cardinality' : 'code', [], keys);
    const family = kind === 'cardinality' || kind === 'extension' ? 'IC-' : 'IB-';
    if (found.startsWith(family)) return { code: found, fallback: false };
    return { code: kind === 'fixed' ? FIXED_FALLBACK : kind === 'binding' ? BINDING_FALLBACK : CARDINALITY_FALLBACK, fallback: true };
  };

  const byFile = new Map<string, CompiledProfile>();
  const byUrl = new Map<string, CompiledProfile>();
  for (const entry of manifest.profiles) {
    let compiled = byFile.get(entry.file);
    if (!compiled) {
      const profile = JSON.parse(readFileSync(join(profilesDir, entry.file), 'utf8')) as GeneratedProfile;
      const root: CheckNode = { checks: [], children: new Map() };
      for (const element of profile.elements) {
        // A slice name may itself hold a dot (`Claim.extension:reference.encounter`).
        const sliceAt = element.path.indexOf('.extension:');
        const slice = sliceAt >= 0 ? element.path.slice(sliceAt + '.extension:'.length) : undefined;
        const segments = (sliceAt >= 0 ? element.path.slice(0, sliceAt) : element.path).split('.').slice(1);
        const last = slice === undefined ? segments.pop() : 'extension';
        if (last === undefined) continue;
        const name = slice === undefined ? last : 'extension';
        const keys = elementKeys(profile.resourceType, element.tablePath, slice);
        const max = element.max === '*' ? Number.POSITIVE_INFINITY : Number(element.max);
        const add = (kind: CheckKind, extra: Partial<Check>): void => {
          const key = `${profile.name} ${element.path} ${kind}`;
          if (suspended.has(key)) {
            stats.suspended++;
            return;
          }
          const { code, fallback } = codeOf(kind, keys);
          nodeAt(root, segments).checks.push({ kind, name, min: element.min, max, array: element.array, code, fallback, key, path: element.path, ...extra });
          stats.checks++;
          stats.byKind[kind]++;
          if (fallback) stats.fallback++;
          else stats.specific++;
        };
        if (slice !== undefined) {
          if (element.extensionUrl && (element.min > 0 || max < Number.POSITIVE_INFINITY)) add('extension', { url: element.extensionUrl });
          continue;
        }
        // A max of 1 on a single R4 element is the base schema's business (an array there is a type error).
        if (element.min > 0 || (element.array && max < Number.POSITIVE_INFINITY)) add('cardinality', {});
        if (element.fixed !== undefined) add('fixed', { fixed: element.fixed });
        if (element.binding && CODE_TYPES.test(element.type)) add('binding', { binding: element.binding });
      }
      compiled = { name: profile.name, url: profile.url, resourceType: profile.resourceType, focalFor: profile.focalFor, root };
      byFile.set(entry.file, compiled);
      stats.profiles++;
    }
    byUrl.set(entry.url, compiled);
  }
  const byDeclared = new Map(byUrl);
  for (const entry of manifest.profiles) byDeclared.set(`${entry.url}|${entry.version}`, byUrl.get(entry.url) as CompiledProfile);
  return { byUrl, byDeclared, knownWithoutTable: new Set(manifest.knownWithoutTable), stats };
}

/**
 * Catalogue keys for a profile element: the table's own path, and for an extension slice the
 * spellings the workbook uses elsewhere (`Patient.extension.Patient-occupation` for the slice the
 * profile table calls `occupation`).
 */
function elementKeys(resourceType: string, tablePath: string, slice: string | undefined): string[] {
  const keys = catalogueKeys(tablePath.replace(/^[a-z]/, (c) => c.toUpperCase()));
  if (slice !== undefined) {
    const owner = tablePath.slice(0, tablePath.length - slice.length - 1);
    keys.push(normaliseElementKey(`${owner}.${resourceType}-${slice}`));
  }
  return keys;
}

function nodeAt(root: CheckNode, segments: readonly string[]): CheckNode {
  let node = root;
  for (const segment of segments) {
    let child = node.children.get(segment);
    if (!child) {
      child = { checks: [], children: new Map() };
      node.children.set(segment, child);
    }
    node = child;
  }
  return node;
}

function readSuspended(profilesDir: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(join(profilesDir, 'sample-decisions.json'), 'utf8');
  } catch {
    return new Set();
  }
  const decisions = (JSON.parse(text) as { decisions: SampleDecision[] }).decisions;
  return new Set(decisions.filter((d) => !d.enforced).map((d) => `${d.profile} ${d.path} ${d.kind}`));
}
