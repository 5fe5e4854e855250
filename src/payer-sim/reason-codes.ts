/**
 * NPHIES adjudication reason codes (`cc--appendix-rejection-reason.csv`, compiled into
 * `schemas/terminology/appendix-rejection-reason.json` by `src/data-gen/terminology.ts`): the codes
 * a policy payer may reject with, and the displays it puts beside them. Read from the pack, never
 * typed in: a code the table lacks is refused when the policy is read, not by the gateway later.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';

export const ADJUDICATION_REASON_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/adjudication-reason';

/** code → English display. */
export type ReasonCodes = ReadonlyMap<string, string>;

interface Pack {
  codeSystems?: { url: string; concepts: [string, string][] }[];
}

export function loadReasonCodes(schemasDir = packagePath('schemas')): ReasonCodes {
  const pack = JSON.parse(readFileSync(join(schemasDir, 'terminology', 'appendix-rejection-reason.json'), 'utf8')) as Pack;
  const system = pack.codeSystems?.find((cs) => cs.url === ADJUDICATION_REASON_SYSTEM);
  if (!system) throw new Error(`${schemasDir}: the adjudication-reason code system is missing from appendix-rejection-reason.json`);
  return new Map(system.concepts);
}
