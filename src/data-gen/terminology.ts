/**
 * Generates the terminology packs under `schemas/terminology/` from the official NPHIES tables
 * ("Nphies Codeable Concept v5.4 (OBA)" workbook and the medication CodeSystem export), SPEC section 5, layer 4.
 *
 *   npx tsx src/data-gen/terminology.ts [referenceDir] [outDir]
 *
 * The gateway never parses a CSV at run time: `src/validation/terminology/load.ts` reads these packs once.
 * Output is deterministic (codes sorted, packs sorted, no timestamps) so that a re-run on the same tables
 * gives byte-identical files; `test/validation/terminology/generate.test.ts` checks the committed packs that way.
 *
 * Packs (one file each):
 * - `codesystems.json`: every code system of `cc--nphies-codesystems.csv`, with its codes when the table lists
 *   them, or a pointer to where they live (an appendix sheet, an external publication);
 * - `valuesets.json`: every value set of `cc--nphies-valuesets.csv`, each an include list of whole code systems
 *   or, where the table's "Restrictions" column lists codes, of those codes only;
 * - `appendix-<name>.json`: each code-list appendix (`cc--appendix-*.csv`) as the code system it belongs to;
 * - `icd-10.json`: the ICD-10 list NPHIES publishes as the cause-of-death appendix;
 * - `medication-codes.json`: code and display of `codesystem-medication-codes.json` (a fragment);
 * - `manifest.json`: the packs with their source file and counts.
 */
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

/** One code system as stored in a pack: `[code, display]` pairs sorted by code, one per line (small, diffable). */
export interface CodeSystemPack {
  url: string;
  version?: string;
  name?: string;
  /** Other canonical URLs that denote the same list (typos in the tables, ICD-10 spellings). */
  aliases?: string[];
  /**
   * `complete`: a code absent from `concepts` is unknown. `fragment`: only part of the system is published,
   * absence proves nothing. `not-present`: the table lists no codes (they are in `appendix` or `external`).
   */
  content: 'complete' | 'fragment' | 'not-present';
  /** Where the table says the codes are ("Sheet: …", "External: …", "Appendix: …"). */
  appendix?: string;
  /**
   * A licensed external list a claim item may bill with (Saudi Billing System and the other billing lists):
   * without the operator's file its codes are only shape-checked and reported as not verifiable.
   */
  licensed?: { sbs: boolean; shape?: string };
  concepts: [code: string, display: string][];
}

export interface ValueSetInclude {
  system: string;
  /** When present, only these codes of the system (the table's "Restrictions" column). */
  codes?: string[];
}

export interface ValueSetPack {
  url: string;
  version?: string;
  name?: string;
  /**
   * Other URLs the profiles (`prof--*.csv`) bind to for this value set: the same URL in another case
   * (`KSA-administrative-gender`, `valueSet/meta-tags`) or the same id under another base (`hl7.org/fhir/ValueSet/mimetypes`).
   */
  aliases?: string[];
  include: ValueSetInclude[];
}

export interface ManifestEntry {
  file: string;
  source: string;
  codeSystems: number;
  valueSets: number;
  codes: number;
}

const NPHIES_VS = 'http://nphies.sa/terminology/ValueSet/';
export const ICD10_AM = 'http://hl7.org/fhir/sid/icd-10-am';
export const ICD10_WHO = 'http://hl7.org/fhir/sid/icd-10';

/**
 * Shape of the Saudi Billing System codes (`NNNNN-NN-NN`, ACHI-derived blocks), taken from the official samples:
 * `procedures` 38618-00-00, `services` 83620-00-10, `laboratory` 73250-00-80. `imaging` is the SBS imaging block.
 * The tables only say "External" for these systems; the list itself is licensed (CHI) and supplied by the operator.
 */
const SBS_SHAPE = '^\\d{5}-\\d{2}-\\d{2}$';
const SBS_SYSTEMS = new Set(
  ['procedures', 'services', 'laboratory', 'imaging'].map((id) => `http://nphies.sa/terminology/CodeSystem/${id}`),
);

type Row = string[];

function readCsv(file: string): Row[] {
  return parse(readFileSync(file, 'utf8'), { bom: true, relax_column_count: true, relax_quotes: true }) as Row[];
}

/** Cells in the workbook sometimes carry a stray quote or apostrophe before a URL. */
function cleanUrl(text: string | undefined): string {
  return (text ?? '').trim().replace(/^["']+|["']+$/g, '').trim();
}

function tidy(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** A "code" cell that is a placeholder ("---", "- - -") or a sentence describing an external list. */
function isPlaceholderCode(code: string): boolean {
  return !/[A-Za-z0-9]/.test(code) || (code.length > 60 && code.split(' ').length > 6);
}

/** Compares URLs that differ only by dashes or case (`bodysite` / `body-site`, `missingtoothreason`). */
function looseKey(url: string): string {
  return url.toLowerCase().replace(/[-_]/g, '');
}

class CodeList {
  readonly #map = new Map<string, string>();
  readonly duplicates: string[] = [];
  add(code: string, display: string): void {
    if (this.#map.has(code)) {
      this.duplicates.push(code);
      return;
    }
    this.#map.set(code, display);
  }
  get size(): number {
    return this.#map.size;
  }
  sorted(): [string, string][] {
    return [...this.#map.keys()].sort(compare).map((code) => [code, this.#map.get(code) ?? '']);
  }
}

/** Byte-order comparison: locale-independent, so output is the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function header(rows: Row[]): Map<string, number> {
  const map = new Map<string, number>();
  (rows[0] ?? []).forEach((name, i) => {
    const key = tidy(name).toLowerCase();
    if (!map.has(key)) map.set(key, i);
  });
  return map;
}

function column(cols: Map<string, number>, name: string): number {
  const i = cols.get(name.toLowerCase());
  if (i === undefined) throw new Error(`column "${name}" not found`);
  return i;
}

interface TableCodeSystem {
  url: string;
  version: string;
  name: string;
  appendix: string;
  codes: CodeList;
}

function readCodeSystemTable(file: string): TableCodeSystem[] {
  const rows = readCsv(file);
  const cols = header(rows);
  const cUrl = column(cols, 'code system');
  const cVersion = column(cols, 'CS Version');
  const cName = column(cols, 'name');
  const cCode = column(cols, 'code');
  const cDisplay = column(cols, 'Display');
  const cAppendix = column(cols, 'Appendix');
  const byUrl = new Map<string, TableCodeSystem>();
  let current: TableCodeSystem | undefined;
  for (const row of rows.slice(1)) {
    const url = cleanUrl(row[cUrl]);
    if (url) {
      // A system listed twice in the table (scientific-codes, request-intent) is one system: merge its codes.
      current = byUrl.get(url);
      if (!current) {
        current = { url, version: tidy(row[cVersion]), name: tidy(row[cName]), appendix: tidy(row[cAppendix]), codes: new CodeList() };
        byUrl.set(url, current);
      } else if (!current.appendix) current.appendix = tidy(row[cAppendix]);
    }
    if (!current) continue;
    const code = tidy(row[cCode]);
    if (!code || isPlaceholderCode(code)) continue;
    current.codes.add(code, tidy(row[cDisplay]));
  }
  return [...byUrl.values()];
}

/**
 * The "Restrictions" column lists the allowed codes in several spellings: "(PRC, PPN, NI)", "_ActEncounterCode
 * (AMB, EMER)", "s | min | h", one per line, or "MD"; anything else is prose and restricts nothing.
 */
export function restrictionCodes(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const inParens = /\(([^)]*)\)/.exec(trimmed);
  const list = inParens ? inParens[1]! : trimmed;
  const tokens = list.split(/[,|\n]/).map((t) => t.trim()).filter(Boolean);
  if (tokens.length === 0 || !tokens.every((t) => /^[A-Za-z0-9_.\/\-\[\]]+$/.test(t))) return undefined;
  return [...new Set(tokens)].sort(compare);
}

interface TableValueSet {
  url: string;
  version: string;
  name: string;
  include: { system: string; restrictions: string }[];
}

function readValueSetTable(file: string): TableValueSet[] {
  const rows = readCsv(file);
  const cols = header(rows);
  const cUrl = column(cols, 'value set');
  const cVersion = column(cols, 'VS Version');
  const cName = column(cols, 'name');
  const cRestrictions = column(cols, 'Restrictions');
  const cSystem = column(cols, 'CodeSystem url');
  const byUrl = new Map<string, TableValueSet>();
  let current: TableValueSet | undefined;
  for (const row of rows.slice(1)) {
    const raw = cleanUrl(row[cUrl]);
    if (raw) {
      const url = raw.includes('://') ? raw : NPHIES_VS + raw;
      current = byUrl.get(url);
      if (!current) {
        current = { url, version: tidy(row[cVersion]), name: tidy(row[cName]), include: [] };
        byUrl.set(url, current);
      }
    }
    const system = cleanUrl(row[cSystem]);
    if (current && system) current.include.push({ system, restrictions: row[cRestrictions] ?? '' });
  }
  return [...byUrl.values()];
}

/** Value set URLs the profile tables bind to (ValueSet column and comments), without `|version`. */
function profileValueSetUrls(referenceDir: string): string[] {
  const urls = new Set<string>();
  for (const file of readdirSync(referenceDir).filter((f) => /^prof--.*\.csv$/.test(f))) {
    for (const m of readFileSync(join(referenceDir, file), 'utf8').matchAll(/https?:\/\/[^\s",;()|]*\/[Vv]alue[Ss]et\/[A-Za-z0-9\-_.]+/g)) {
      urls.add(m[0].replace(/\.$/, ''));
    }
  }
  return [...urls].sort(compare);
}

/**
 * The profiles sometimes bind to a value set under a spelling the value-set table does not use. Match such a URL
 * to the table's value set with the same URL ignoring case, or else with the same last segment (when only one has it).
 */
function addProfileAliases(referenceDir: string, valueSets: ValueSetPack[], notes: string[]): void {
  const byUrl = new Map(valueSets.map((vs) => [vs.url, vs]));
  const byLower = new Map<string, ValueSetPack[]>();
  const byId = new Map<string, ValueSetPack[]>();
  for (const vs of valueSets) {
    const lower = vs.url.toLowerCase();
    byLower.set(lower, [...(byLower.get(lower) ?? []), vs]);
    const id = lower.slice(lower.lastIndexOf('/') + 1);
    byId.set(id, [...(byId.get(id) ?? []), vs]);
  }
  for (const url of profileValueSetUrls(referenceDir)) {
    if (byUrl.has(url)) continue;
    const lower = url.toLowerCase();
    const candidates = byLower.get(lower) ?? byId.get(lower.slice(lower.lastIndexOf('/') + 1)) ?? [];
    if (candidates.length !== 1) {
      notes.push(`profiles bind to ${url}, which is not in the value-set table`);
      continue;
    }
    const target = candidates[0]!;
    target.aliases = [...(target.aliases ?? []), url].sort(compare);
    notes.push(`profiles bind to ${url}: read as ${target.url}`);
  }
}

interface Appendix {
  file: string;
  url: string;
  codes: CodeList;
}

/** A code-list appendix: first column the code, a Display (or Description) column, the system URL in row 1. */
function readAppendix(file: string): Appendix {
  const rows = readCsv(file);
  const cols = header(rows);
  const cDisplay = cols.get('display') ?? cols.get('description') ?? cols.get('descriptions');
  const cSystem = cols.get('codesystem');
  if (cDisplay === undefined || cSystem === undefined) throw new Error(`${file}: no Display or CodeSystem column`);
  let url = '';
  const codes = new CodeList();
  for (const row of rows.slice(1)) {
    const system = cleanUrl((row[cSystem] ?? '').replace(/^\s*code system\s*:/i, ''));
    if (!url && system) url = system;
    const code = tidy(row[0]);
    if (!code) continue;
    codes.add(code, tidy(row[cDisplay]));
  }
  if (!url) throw new Error(`${file}: no code system URL`);
  return { file, url, codes };
}

function readMedicationCodes(file: string): { url: string; version: string; content: string; codes: CodeList } {
  const cs = JSON.parse(readFileSync(file, 'utf8')) as {
    url: string;
    version?: string;
    content?: string;
    concept?: { code: string; display?: string; concept?: unknown[] }[];
  };
  const codes = new CodeList();
  const walk = (concepts: { code: string; display?: string; concept?: unknown[] }[] | undefined): void => {
    for (const c of concepts ?? []) {
      codes.add(c.code.trim(), tidy(c.display));
      walk(c.concept as typeof concepts);
    }
  };
  walk(cs.concept);
  return { url: cs.url, version: cs.version ?? '', content: cs.content ?? 'complete', codes };
}

export interface GeneratedPacks {
  /** file name → JSON text (with trailing newline). */
  files: Map<string, string>;
  /** Notes on repairs made while reading the tables (reported, never silent). */
  notes: string[];
}

/** Indented JSON with each `[code, display]` pair (any two-string array) on one line. */
function packText(value: unknown): string {
  const pair = /\[\n\s*("(?:[^"\\]|\\.)*"),\n\s*("(?:[^"\\]|\\.)*")\n\s*\]/g;
  return JSON.stringify(value, null, 1).replace(pair, '[$1, $2]') + '\n';
}

function csPack(base: Omit<CodeSystemPack, 'concepts'>, list: CodeList | undefined): CodeSystemPack {
  const pack: CodeSystemPack = { ...base, concepts: list ? list.sorted() : [] };
  if (!pack.aliases?.length) delete pack.aliases;
  if (!pack.version) delete pack.version;
  if (!pack.name) delete pack.name;
  if (!pack.appendix) delete pack.appendix;
  return pack;
}

export function generateTerminology(referenceDir: string): GeneratedPacks {
  const notes: string[] = [];
  const files = new Map<string, string>();
  const manifest: ManifestEntry[] = [];
  const emit = (file: string, source: string, codeSystems: CodeSystemPack[], valueSets: ValueSetPack[] = []): void => {
    const body: Record<string, unknown> = { source };
    if (codeSystems.length) body['codeSystems'] = codeSystems;
    if (valueSets.length) body['valueSets'] = valueSets;
    files.set(file, packText(body));
    manifest.push({
      file,
      source,
      codeSystems: codeSystems.length,
      valueSets: valueSets.length,
      codes: codeSystems.reduce((n, cs) => n + cs.concepts.length, 0),
    });
  };

  const table = readCodeSystemTable(join(referenceDir, 'cc--nphies-codesystems.csv'));
  const tableUrls = new Map(table.map((cs) => [cs.url, cs]));
  const looseTable = new Map(table.map((cs) => [looseKey(cs.url), cs.url]));
  for (const cs of table) {
    if (cs.codes.duplicates.length) notes.push(`${cs.url}: duplicate codes in the table kept once: ${cs.codes.duplicates.join(', ')}`);
  }

  // Value sets first: which external systems a claim item may bill with decides what is licensed.
  const vsTable = readValueSetTable(join(referenceDir, 'cc--nphies-valuesets.csv'));
  const resolveSystem = (system: string, where: string): string => {
    if (tableUrls.has(system)) return system;
    const match = looseTable.get(looseKey(system));
    if (match) {
      notes.push(`${where}: code system ${system} is not in the code-system table; read as ${match}`);
      return match;
    }
    notes.push(`${where}: code system ${system} is not in the code-system table`);
    return system;
  };
  const valueSets: ValueSetPack[] = vsTable
    .map((vs) => {
      const include: ValueSetInclude[] = vs.include.map((inc) => {
        const system = resolveSystem(inc.system, vs.url);
        const codes = restrictionCodes(inc.restrictions);
        return codes ? { system, codes } : { system };
      });
      const pack: ValueSetPack = { url: vs.url, include };
      if (vs.version) pack.version = vs.version;
      if (vs.name) pack.name = vs.name;
      return pack;
    })
    .sort((a, b) => compare(a.url, b.url));
  addProfileAliases(referenceDir, valueSets, notes);
  const billingSystems = new Set(
    valueSets.filter((vs) => /-billing$/.test(vs.url)).flatMap((vs) => vs.include.map((inc) => inc.system)),
  );

  // Appendices: each belongs to a code system of the table (matched by URL, or loosely for `bodysite`).
  const appendixFiles = readdirSync(referenceDir)
    .filter((f) => /^cc--appendix-.*\.csv$/.test(f))
    .sort(compare);
  const appendixSystems = new Set<string>();
  const appendixPacks: { file: string; source: string; pack: CodeSystemPack }[] = [];
  let icd10: Appendix | undefined;
  for (const file of appendixFiles) {
    const appendix = readAppendix(join(referenceDir, file));
    const url = resolveSystem(appendix.url, file);
    const aliases = url !== appendix.url ? [appendix.url] : [];
    appendixSystems.add(url);
    if (appendix.codes.duplicates.length) notes.push(`${file}: duplicate codes kept once: ${appendix.codes.duplicates.join(', ')}`);
    const name = file.replace(/^cc--appendix-/, '').replace(/\.csv$/, '');
    if (url.endsWith('/cause-of-death')) {
      icd10 = { ...appendix, url };
      continue;
    }
    const cs = tableUrls.get(url);
    appendixPacks.push({
      file: `appendix-${name}.json`,
      source: file,
      pack: csPack({ url, version: cs?.version ?? '', name: cs?.name ?? '', aliases, content: 'complete' }, appendix.codes),
    });
  }

  const medication = readMedicationCodes(join(referenceDir, 'codesystem-medication-codes.json'));

  // ICD-10: NPHIES publishes it as the cause-of-death list; Claim.diagnosis codes it as ICD-10-AM.
  const icdAliases = [ICD10_WHO];
  if (icd10) icdAliases.push(icd10.url);
  icdAliases.sort(compare);

  const hasData = new Set<string>([...appendixSystems, medication.url, ICD10_AM]);
  const tablePacks = table
    .map((cs) => {
      const listed = cs.codes.size > 0;
      const licensed =
        !listed && !hasData.has(cs.url) && billingSystems.has(cs.url) && /^external/i.test(cs.appendix)
          ? SBS_SYSTEMS.has(cs.url)
            ? { sbs: true, shape: SBS_SHAPE }
            : { sbs: false }
          : undefined;
      const pack = csPack(
        { url: cs.url, version: cs.version, name: cs.name, content: listed ? 'complete' : 'not-present', appendix: cs.appendix },
        listed ? cs.codes : undefined,
      );
      if (licensed) pack.licensed = licensed;
      return pack;
    })
    .sort((a, b) => compare(a.url, b.url));

  emit('codesystems.json', 'cc--nphies-codesystems.csv', tablePacks);
  emit('valuesets.json', 'cc--nphies-valuesets.csv', [], valueSets);
  for (const a of appendixPacks) emit(a.file, a.source, [a.pack]);
  if (icd10) {
    emit('icd-10.json', icd10.file.replace(/^.*\//, ''), [
      csPack({ url: ICD10_AM, version: '', name: 'ICD-10', aliases: icdAliases, content: 'complete' }, icd10.codes),
    ]);
  }
  emit('medication-codes.json', 'codesystem-medication-codes.json', [
    csPack(
      {
        url: medication.url,
        version: medication.version,
        name: 'MedicationCodes',
        content: medication.content === 'fragment' ? 'fragment' : 'complete',
      },
      medication.codes,
    ),
  ]);

  manifest.sort((a, b) => compare(a.file, b.file));
  files.set('manifest.json', JSON.stringify({ packs: manifest, notes: [...notes].sort(compare) }, null, 1) + '\n');
  return { files, notes };
}

export function writeTerminology(referenceDir: string, outDir: string): GeneratedPacks {
  const generated = generateTerminology(referenceDir);
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of generated.files) writeFileSync(join(outDir, file), text);
  return generated;
}

function main(): void {
  const referenceDir = resolve(process.argv[2] ?? '../shared/reference/nphies');
  const outDir = resolve(process.argv[3] ?? 'schemas/terminology');
  const { files, notes } = writeTerminology(referenceDir, outDir);
  for (const [file, text] of [...files].sort((a, b) => compare(a[0], b[0]))) {
    process.stdout.write(`${file.padEnd(40)} ${(text.length / 1024).toFixed(1).padStart(8)} KiB\n`);
  }
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
