/**
 * What the simulator varies, read once from `schemas/simulate/` (catalogue.json and the official
 * samples it starts from, in templates/): data, not code, so a new diagnosis or service is a line
 * of JSON, and the test checks every code against the gateway's own terminology.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';

export type SimEvent = 'priorauth' | 'claim';

export interface ServiceEntry {
  readonly code: string;
  /** Unit price range in SAR, whole riyals. */
  readonly price: readonly [number, number];
}

export interface TemplateEntry {
  readonly file: string;
  readonly weight: number;
  /** The sample, parsed. */
  readonly message: Record<string, any>;
}

export interface Catalogue {
  readonly templates: Readonly<Record<SimEvent, readonly TemplateEntry[]>>;
  /** Claim type → ICD-10 codes. */
  readonly diagnoses: Readonly<Record<string, readonly string[]>>;
  /** Code system URL, or `URL|claimType` where one system serves several claim types → services. */
  readonly services: Readonly<Record<string, readonly ServiceEntry[]>>;
  readonly maxQuantity: Readonly<Record<string, number>>;
  readonly optionalSupportingInfo: readonly string[];
  readonly names: { readonly male: readonly string[]; readonly female: readonly string[]; readonly family: readonly string[] };
}

export function loadCatalogue(dir = packagePath('schemas', 'simulate')): Catalogue {
  const raw = JSON.parse(readFileSync(join(dir, 'catalogue.json'), 'utf8')) as Omit<Catalogue, 'templates'> & { templates: Record<SimEvent, { file: string; weight: number }[]> };
  const load = (entries: { file: string; weight: number }[]): TemplateEntry[] =>
    entries.map((entry) => ({ ...entry, message: JSON.parse(readFileSync(join(dir, 'templates', entry.file), 'utf8')) as Record<string, any> }));
  return { ...raw, templates: { priorauth: load(raw.templates.priorauth), claim: load(raw.templates.claim) } };
}

/** The services to draw from for an item of this code system on this claim type. */
export function servicesFor(catalogue: Catalogue, system: string, claimType: string): readonly ServiceEntry[] | undefined {
  return catalogue.services[`${system}|${claimType}`] ?? catalogue.services[system];
}
