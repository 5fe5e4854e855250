/**
 * The dashboard's texts in English and Arabic (issue 15, item 4), read once from
 * `schemas/reports/dashboard-labels.json` and passed to the renderers: display texts belong in the
 * data files, not in code. A missing key or language fails at load, not on a page in production.
 */
import { readFileSync } from 'node:fs';
import type { Language } from '../../findings/catalogue.js';
import { packagePath } from '../../package-root.js';

export type { Language };

interface LabelsFile {
  readonly labels: Record<string, { readonly en: string; readonly ar: string }>;
}

export class DashboardLabels {
  readonly #labels: ReadonlyMap<string, { readonly en: string; readonly ar: string }>;

  constructor(file: LabelsFile) {
    for (const [key, texts] of Object.entries(file.labels)) {
      if (!texts.en || !texts.ar) throw new Error(`dashboard label ${key} lacks its ${texts.en ? 'Arabic' : 'English'} text`);
    }
    this.#labels = new Map(Object.entries(file.labels));
  }

  static load(path = packagePath('schemas', 'reports', 'dashboard-labels.json')): DashboardLabels {
    return new DashboardLabels(JSON.parse(readFileSync(path, 'utf8')) as LabelsFile);
  }

  /** The text of `key`; `{name}` placeholders are filled from `values`. An unknown key is a programming error. */
  text(key: string, language: Language, values: Readonly<Record<string, string>> = {}): string {
    const texts = this.#labels.get(key);
    if (!texts) throw new Error(`unknown dashboard label ${key}`);
    return texts[language].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  }

  has(key: string): boolean {
    return this.#labels.has(key);
  }
}
