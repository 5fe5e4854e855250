/**
 * Loads the terminology packs of `schemas/terminology/` (written by `src/data-gen/terminology.ts`) once at start
 * into Maps and Sets, and answers the `Terminology` port in O(1). SPEC section 5, layer 4.
 *
 * The Saudi Billing System (SBS) and the other billing lists the tables mark "External" are licensed: the packs
 * only say which systems they are and, for SBS, the code shape. Their codes are `unverifiable` (or `bad-shape`)
 * until the operator supplies the list as `sbsFile`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CodeVerdict, Terminology } from './terminology.js';
import { UrlMap } from './url-map.js';

export interface LoadTerminologyOptions {
  /**
   * The `schemas/` folder; packs are read from `schemas/terminology/`, and the hand-kept decisions on codes
   * of the official samples that the tables lack from `schemas/rules/decisions/terminology.json`.
   */
  readonly schemasDir: string;
  /**
   * The operator's licensed SBS list: a text file with one code per line, a CSV with a `code` column (and an
   * optional `system` column naming the code system, full URL or NPHIES id), or a JSON array of codes or of
   * `{ code, system? }`. Codes without a system apply to every SBS system (procedures, services, ...).
   */
  readonly sbsFile?: string;
  /** Codes to add to loaded systems, e.g. the rule codes NPHIES reports in its adjudication-error system. */
  readonly extraCodes?: readonly { readonly system: string; readonly codes: Iterable<readonly [code: string, display: string]> }[];
}

/** A value set as lookups read it, made once at load. */
interface CompiledValueSet {
  readonly includes: readonly Include[];
  /**
   * A coding's system URL (without `|version`) → the includes of the system it names, in value-set order: the
   * includes of the URL itself, or of the system the URL is an alias of. A URL absent here has no include.
   */
  readonly bySystem: UrlMap<readonly Include[]>;
}

const NO_INCLUDES: readonly Include[] = [];

interface PackCodeSystem {
  url: string;
  aliases?: string[];
  content: 'complete' | 'fragment' | 'not-present';
  licensed?: { sbs: boolean; shape?: string };
  concepts: [code: string, display: string][];
}

interface PackValueSet {
  url: string;
  aliases?: string[];
  include: { system: string; codes?: string[] }[];
}

interface PackFile {
  codeSystems?: PackCodeSystem[];
  valueSets?: PackValueSet[];
}

interface Manifest {
  packs: { file: string }[];
}

/** A code of an official sample that the tables lack, and what Wasl answers for it (see the decisions file). */
interface CodeDecision {
  system: string;
  code: string;
  verdict: 'known' | 'unverifiable';
}

/** The operator's SBS file cannot be read: the gateway must not start believing it has the list. */
export class TerminologyFileError extends Error {
  readonly code = 'WASL_ERR_TERMINOLOGY_FILE';
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'TerminologyFileError';
  }
}

interface LoadedSystem {
  readonly url: string;
  /** code → display; undefined when the tables list no codes for the system. */
  codes: Map<string, string> | undefined;
  fragment: boolean;
  licensed: { sbs: boolean; shape: RegExp | undefined } | undefined;
  /** The recorded verdicts on codes of the system that the tables lack (see the decisions file). */
  decided: ReadonlyMap<string, CodeVerdict> | undefined;
}

interface Include {
  system: string;
  readonly codes: ReadonlySet<string> | undefined;
  /** Resolved once the packs are loaded, so that judging a code against the include is no URL lookup. */
  loaded: LoadedSystem | undefined;
  decided: ReadonlyMap<string, CodeVerdict> | undefined;
}

const NPHIES_CS = 'http://nphies.sa/terminology/CodeSystem/';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-am';

/** Canonical URLs may carry `|version`; lookups ignore it. */
function canonical(url: string): string {
  const bar = url.indexOf('|');
  return bar < 0 ? url : url.slice(0, bar);
}

function icdKey(code: string): string {
  return code.replace('.', '').trim().toUpperCase();
}

/** The loaded packs: the port, and what the pipeline needs to know of a value set's make-up. */
export interface LoadedTerminology extends Terminology {
  /** Does the value set include codes of this system at all (whatever the code)? */
  includesSystem(valueSetUrl: string, systemUrl: string): boolean;
}

export function loadTerminology(options: LoadTerminologyOptions): LoadedTerminology {
  const dir = join(options.schemasDir, 'terminology');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const systems = new Map<string, LoadedSystem>();
  /** Alias URL → canonical URL of the loaded system. */
  const aliases = new Map<string, string>();
  const valueSets = new Map<string, Include[]>();
  /** URLs the profiles use for a value set of the table (another case, another base). */
  const valueSetAliases = new Map<string, Include[]>();

  for (const { file } of manifest.packs) {
    const pack = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PackFile;
    for (const cs of pack.codeSystems ?? []) {
      let loaded = systems.get(cs.url);
      if (!loaded) {
        loaded = { url: cs.url, codes: undefined, fragment: false, licensed: undefined, decided: undefined };
        systems.set(cs.url, loaded);
      }
      for (const alias of cs.aliases ?? []) aliases.set(alias, cs.url);
      if (cs.licensed && !loaded.codes) loaded.licensed = { sbs: cs.licensed.sbs, shape: cs.licensed.shape ? new RegExp(cs.licensed.shape) : undefined };
      if (cs.content !== 'not-present') {
        const codes = (loaded.codes ??= new Map());
        for (const [code, display] of cs.concepts) codes.set(code, display);
        loaded.fragment = cs.content === 'fragment';
        // A list the gateway holds is not "licensed and missing", whatever the code-system table says.
        loaded.licensed = undefined;
      }
    }
    for (const vs of pack.valueSets ?? []) {
      const includes = vs.include.map((inc): Include => ({ system: inc.system, codes: inc.codes ? new Set(inc.codes) : undefined, loaded: undefined, decided: undefined }));
      valueSets.set(vs.url, includes);
      for (const alias of vs.aliases ?? []) valueSetAliases.set(alias, includes);
    }
  }
  // Aliases are resolved once so that a lookup is one Map access; a URL that is itself a system wins.
  for (const [alias] of aliases) if (systems.has(alias) && systems.get(alias)!.codes) aliases.delete(alias);
  for (const [alias, url] of aliases) systems.set(alias, systems.get(url)!);
  for (const [alias, includes] of valueSetAliases) if (!valueSets.has(alias)) valueSets.set(alias, includes);
  for (const includes of valueSets.values()) for (const include of includes) include.system = aliases.get(include.system) ?? include.system;

  if (options.sbsFile) applyOperatorList(systems, aliases, options.sbsFile);
  for (const extra of options.extraCodes ?? []) {
    const loaded = systems.get(extra.system);
    if (!loaded) continue;
    const codes = (loaded.codes ??= new Map());
    for (const [code, display] of extra.codes) if (!codes.has(code)) codes.set(code, display);
  }

  const icd = new Set<string>();
  for (const code of systems.get(ICD10)?.codes?.keys() ?? []) icd.add(icdKey(code));
  /** ICD codes the list subdivides further (`A01` has `A01.0`..`A01.4`): their subdivision is complete. */
  const icdSubdivided = new Set<string>();
  for (const key of icd) if (key.length > 3) icdSubdivided.add(key.slice(0, -1));

  /** system → code → the recorded verdict, for codes of the official samples the tables lack. */
  const decided = new Map<string, Map<string, CodeVerdict>>();
  for (const decision of readCodeDecisions(options.schemasDir)) {
    const system = aliases.get(decision.system) ?? decision.system;
    if (decision.verdict === 'known') {
      const loaded = systems.get(system);
      if (loaded?.codes && !loaded.codes.has(decision.code)) loaded.codes.set(decision.code, '');
    }
    let codes = decided.get(system);
    if (!codes) decided.set(system, (codes = new Map()));
    codes.set(decision.code, decision.verdict);
  }
  // Every lookup below starts from a loaded system or an include: what each needs is found here, once.
  for (const system of systems.values()) system.decided = decided.get(system.url);
  for (const includes of valueSets.values()) {
    for (const include of includes) {
      include.loaded = systems.get(canonical(include.system));
      include.decided = decided.get(include.system);
    }
  }
  const compiledValueSets = compileValueSets(valueSets, aliases);
  /** The systems by URL and alias, for lookups with a message's URLs (see UrlMap). */
  const systemByUrl = new UrlMap<LoadedSystem>();
  for (const [url, system] of systems) systemByUrl.set(url, system);

  /**
   * The ICD-10 list NPHIES publishes is the cause-of-death list: WHO ICD-10 without the codes that cannot be a
   * cause of death (no chapter Z at all), while messages code diagnoses in ICD-10-AM, which also extends WHO codes
   * by a character (`S62.10` under `S62.1`). So absence proves a code wrong only where the list is complete: a
   * subdivision the list gives in full (`A01.9` beside `A01.0`..`A01.4`). Elsewhere the code is unverifiable.
   */
  function icdVerdict(code: string): CodeVerdict {
    const key = icdKey(code);
    if (!/^[A-Z]\d{2}(\.[0-9A-Z]{1,3})?$/.test(code.trim().toUpperCase())) return 'unknown-code';
    if (!icd.has(key.slice(0, 3))) return 'unverifiable';
    const parent = key.slice(0, -1);
    if (key.length > 3 && icd.has(parent) && !icdSubdivided.has(parent)) return 'unverifiable';
    return 'unknown-code';
  }

  function checkCodeSystem(systemUrl: string, code: string): CodeVerdict {
    return verdictIn(systemByUrl.get(canonical(systemUrl)), code);
  }

  function verdictIn(system: LoadedSystem | undefined, code: string): CodeVerdict {
    if (!system) return 'no-data';
    if (system.licensed) {
      if (system.licensed.shape && !system.licensed.shape.test(code)) return 'bad-shape';
      if (!system.codes) return 'unverifiable';
    }
    if (!system.codes) return 'no-data';
    if (system.codes.has(code)) return 'known';
    const decision = system.decided?.get(code);
    if (decision) return decision;
    if (system.url === ICD10) return icdVerdict(code);
    // Only part of the system is published (the medication codes): absence proves nothing.
    return system.fragment ? 'unverifiable' : 'unknown-code';
  }

  function checkInclude(include: Include, code: string): CodeVerdict {
    if (include.codes) return include.codes.has(code) ? 'known' : (include.decided?.get(code) ?? 'unknown-code');
    return verdictIn(include.loaded, code);
  }

  /** Of several non-`known` answers, the one that says least about the code (a doubt is never an error). */
  const doubt: Record<CodeVerdict, number> = { known: 0, 'unknown-code': 1, 'bad-shape': 2, unverifiable: 3, 'no-data': 4 };

  function checkValueSet(valueSetUrl: string, system: string | undefined, code: string): CodeVerdict {
    return judgeValueSet(compiledValueSets.get(canonical(valueSetUrl)), system, code);
  }

  function valueSetJudge(valueSetUrl: string): (system: string | undefined, code: string) => CodeVerdict {
    const valueSet = compiledValueSets.get(canonical(valueSetUrl));
    return (system, code) => judgeValueSet(valueSet, system, code);
  }

  /** A code with a system is judged by the includes of that system; a bare code by them all, where a wrong shape says nothing. */
  function judgeValueSet(valueSet: CompiledValueSet | undefined, system: string | undefined, code: string): CodeVerdict {
    if (!valueSet) return 'no-data';
    const anySystem = system === undefined;
    const includes = anySystem ? valueSet.includes : (valueSet.bySystem.get(canonical(system)) ?? NO_INCLUDES);
    let verdict: CodeVerdict = 'unknown-code';
    for (let i = 0; i < includes.length; i++) {
      const answer = checkInclude(includes[i] as Include, code);
      if (answer === 'known') return 'known';
      if (anySystem && answer === 'bad-shape') continue;
      if (doubt[answer] > doubt[verdict]) verdict = answer;
    }
    return verdict;
  }

  function resolveUrl(url: string): string {
    return aliases.get(url) ?? url;
  }

  const distinct = new Set(systems.values());
  const summary = {
    codeSystems: [...distinct].filter((s) => s.codes).length,
    valueSets: new Set(valueSets.values()).size,
    codes: [...distinct].reduce((n, s) => n + (s.codes?.size ?? 0), 0),
    unverifiable: [...distinct]
      .filter((s) => (s.licensed && !s.codes) || s.fragment)
      .map((s) => s.url)
      .sort(),
  };

  return {
    checkCodeSystem,
    checkValueSet,
    valueSetJudge,
    display: (systemUrl, code) => systems.get(canonical(systemUrl))?.codes?.get(code) || undefined,
    isIcd10: (code) => icd.has(icdKey(code)),
    includesSystem: (valueSetUrl, systemUrl) => {
      const wanted = resolveUrl(canonical(systemUrl));
      return (valueSets.get(canonical(valueSetUrl)) ?? []).some((include) => include.system === wanted);
    },
    summary: () => ({ ...summary, unverifiable: [...summary.unverifiable] }),
  };
}

/**
 * Compiles each value set (once, however many URLs name it), so that judging a coding is one lookup of its system
 * instead of resolving the system's aliases and comparing it with every include.
 */
function compileValueSets(valueSets: ReadonlyMap<string, Include[]>, aliases: ReadonlyMap<string, string>): UrlMap<CompiledValueSet> {
  const aliasesOf = new Map<string, string[]>();
  for (const [alias, url] of aliases) {
    const list = aliasesOf.get(url);
    if (list) list.push(alias);
    else aliasesOf.set(url, [alias]);
  }
  const byIncludes = new Map<Include[], CompiledValueSet>();
  const compiled = new UrlMap<CompiledValueSet>();
  for (const [url, includes] of valueSets) {
    let valueSet = byIncludes.get(includes);
    if (!valueSet) {
      const bySystem = new UrlMap<Include[]>();
      const add = (system: string, include: Include): void => {
        const list = bySystem.get(system);
        if (list) list.push(include);
        else bySystem.set(system, [include]);
      };
      for (const include of includes) {
        // A URL that is an alias names the system it resolves to, not itself.
        if (!aliases.has(include.system)) add(include.system, include);
        for (const alias of aliasesOf.get(include.system) ?? []) add(alias, include);
      }
      valueSet = { includes, bySystem };
      byIncludes.set(includes, valueSet);
    }
    compiled.set(url, valueSet);
  }
  return compiled;
}

interface OperatorCode {
  code: string;
  system?: string;
}

/** Reads the operator's licensed list and makes the systems it covers `complete`, so lookups say known / unknown-code. */
function applyOperatorList(systems: Map<string, LoadedSystem>, aliases: Map<string, string>, file: string): void {
  const entries = readOperatorList(file);
  const sbs = [...new Set(systems.values())].filter((s) => s.licensed?.sbs);
  for (const entry of entries) {
    const targets = entry.system ? [systems.get(aliases.get(entry.system) ?? entry.system)] : sbs;
    for (const target of targets) {
      if (!target?.licensed) continue;
      (target.codes ??= new Map()).set(entry.code, '');
    }
  }
}

function readCodeDecisions(schemasDir: string): CodeDecision[] {
  const file = join(schemasDir, 'rules', 'decisions', 'terminology.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { codes: CodeDecision[] }).codes.map((d) => ({ ...d, system: canonical(d.system) }));
}

function readOperatorList(file: string): OperatorCode[] {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TerminologyFileError(file, `cannot read the SBS list (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const text = raw.replace(/^\uFEFF/, '');
  const systemUrl = (s: string | undefined): string | undefined => {
    const t = s?.trim();
    if (!t) return undefined;
    return t.includes('://') ? canonical(t) : NPHIES_CS + t;
  };
  if (extname(file).toLowerCase() === '.json') {
    const data = JSON.parse(text) as unknown;
    const list = Array.isArray(data) ? data : ((data as { codes?: unknown[] }).codes ?? []);
    return list.flatMap((item): OperatorCode[] => {
      if (typeof item === 'string') return item.trim() ? [{ code: item.trim() }] : [];
      const obj = item as { code?: unknown; system?: unknown };
      if (typeof obj.code !== 'string' || !obj.code.trim()) return [];
      const system = systemUrl(typeof obj.system === 'string' ? obj.system : undefined);
      return [system ? { code: obj.code.trim(), system } : { code: obj.code.trim() }];
    });
  }
  const firstLine = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  const headerCells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  if (!headerCells.includes('code')) {
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      // A headerless CSV line: the code is its first cell.
      .map((line) => ({ code: (line.split(',')[0] ?? '').trim().replace(/^"|"$/g, '') }))
      .filter((entry) => entry.code !== '');
  }
  const rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  return rows.flatMap((row): OperatorCode[] => {
    const code = (row['code'] ?? '').trim();
    if (!code) return [];
    const system = systemUrl(row['system']);
    return [system ? { code, system } : { code }];
  });
}
