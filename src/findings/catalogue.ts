/**
 * The code catalogue: every official NPHIES rule (generated from the OBA 2.8 workbook)
 * and Wasl's own codes, with display texts and, for codes that make a message not
 * processable, the HTTP status. Loaded once at start and passed around in the context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficialRule } from '../data-gen/rules-catalogue.js';
import { mergeUnique, readJsonFolder } from './data-dir.js';

export type Language = 'en' | 'ar';

interface WaslCode {
  status: number;
  en: string;
  ar?: string;
}

/** A file of `schemas/rules/displays-ar/`; `machineComposed` marks the generated one. */
interface ArabicDisplaysFile {
  displays: Record<string, string>;
  machineComposed?: boolean;
}

interface WaslCodesFile {
  codes: Record<string, WaslCode>;
  officialStatus: Record<string, number>;
}

export class CodeCatalogue {
  readonly #official: Map<string, OfficialRule>;
  readonly #wasl: Map<string, WaslCode>;
  readonly #status: Map<string, number>;
  readonly #arabic: Map<string, string>;
  /** Codes whose Arabic display was composed by src/data-gen/arabic-displays.ts, not written by hand. */
  readonly #machineComposed: Set<string>;

  constructor(official: OfficialRule[], wasl: WaslCodesFile, arabic: Record<string, string> = {}, machineComposed: Iterable<string> = []) {
    this.#arabic = new Map(Object.entries(arabic));
    this.#machineComposed = new Set(machineComposed);
    this.#official = new Map(official.map((r) => [r.id, r]));
    this.#wasl = new Map(Object.entries(wasl.codes));
    this.#status = new Map(Object.entries(wasl.officialStatus));
    for (const [code, entry] of this.#wasl) this.#status.set(code, entry.status);
  }

  static load(schemasDir: string): CodeCatalogue {
    const official = JSON.parse(readFileSync(join(schemasDir, 'rules', 'nphies-rules.json'), 'utf8')) as { rules: OfficialRule[] };
    const wasl = JSON.parse(readFileSync(join(schemasDir, 'rules', 'wasl-codes.json'), 'utf8')) as WaslCodesFile;
    const files = readJsonFolder<ArabicDisplaysFile>(join(schemasDir, 'rules', 'displays-ar'));
    const arabic = mergeUnique(
      files.map(({ file, data }) => ({ file, entries: data.displays })),
      'Arabic display of',
    );
    // Kept apart from the display map so that display() stays one lookup; only tests and tools ask.
    const machineComposed = files.filter(({ data }) => data.machineComposed === true).flatMap(({ data }) => Object.keys(data.displays));
    return new CodeCatalogue(official.rules, wasl, arabic, machineComposed);
  }

  has(code: string): boolean {
    return this.#official.has(code) || this.#wasl.has(code);
  }

  official(code: string): OfficialRule | undefined {
    return this.#official.get(code);
  }

  /** Every code the gateway can report (official rules and Wasl's own), with its English display. */
  *codes(): IterableIterator<[code: string, display: string]> {
    for (const rule of this.#official.values()) yield [rule.id, rule.display];
    for (const code of this.#wasl.keys()) yield [code, this.display(code)];
  }

  officialRules(): IterableIterator<OfficialRule> {
    return this.#official.values();
  }

  /** Display text of a code; Arabic falls back to English where no Arabic text is written yet. */
  display(code: string, language: Language = 'en'): string {
    const own = this.#wasl.get(code);
    if (own) return (language === 'ar' && own.ar) || own.en;
    if (language === 'ar') {
      const arabic = this.#arabic.get(code);
      if (arabic) return arabic;
    }
    // `||`: one workbook row (IC-01412) has an empty display; the code is better than nothing.
    return this.#official.get(code)?.display || code;
  }

  /** Whether the Arabic display of a code was composed by the generator rather than written by hand. */
  isMachineComposed(code: string): boolean {
    return this.#machineComposed.has(code);
  }

  /** HTTP status for a code that makes a message not processable (SPEC section 4, level 1). */
  httpStatus(code: string): number {
    return this.#status.get(code) ?? 400;
  }
}
