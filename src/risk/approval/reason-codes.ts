/**
 * NPHIES adjudication reasons (the AD, CV, MN, SE and BE families of the rejection-reason appendix,
 * `schemas/terminology/appendix-rejection-reason.json`, generated from the official CSV): the
 * displays a score's reasons carry. Read once when a scorer is made, never while scoring.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADJUDICATION_REASON_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/adjudication-reason';

export type ReasonCatalogue = ReadonlyMap<string, string>;

interface AppendixFile {
  readonly codeSystems: readonly { readonly url: string; readonly concepts: readonly (readonly [string, string])[] }[];
}

export function loadReasonCatalogue(schemasDir: string): ReasonCatalogue {
  const file = JSON.parse(readFileSync(join(schemasDir, 'terminology', 'appendix-rejection-reason.json'), 'utf8')) as AppendixFile;
  const system = file.codeSystems.find((cs) => cs.url === ADJUDICATION_REASON_SYSTEM);
  return new Map(system?.concepts.map(([code, display]) => [code, display]) ?? []);
}
