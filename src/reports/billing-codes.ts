/**
 * Billing-code facts of an accepted prior authorization or claim (issue 15, item 1): how many
 * items it has and how many are coded in a Saudi Billing System code system, so the report's
 * billing-code compliance is a sum of two counters. The SBS systems are the code systems the
 * terminology data marks `licensed.sbs` (schemas/terminology/codesystems.json), read once at start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asArray, asObject, asString } from '../fhir/json.js';
import type { MessageEnvelope } from '../fhir/message.js';
import { focalEntries } from '../fhir/message.js';

/** The events whose items are counted: the ones the Council's billing-code figure is about. */
export const BILLED_EVENTS: ReadonlySet<string> = new Set(['priorauth-request', 'claim-request']);

interface CodeSystemsFile {
  readonly codeSystems: readonly { readonly url: string; readonly licensed?: { readonly sbs?: boolean } }[];
}

export function loadSbsSystems(schemasDir: string): ReadonlySet<string> {
  const file = JSON.parse(readFileSync(join(schemasDir, 'terminology', 'codesystems.json'), 'utf8')) as CodeSystemsFile;
  return new Set(file.codeSystems.filter((cs) => cs.licensed?.sbs === true).map((cs) => cs.url));
}

/** Items of the focal Claim and those whose productOrService has a coding in an SBS system; undefined for other events. */
export function billingCodeFacts(envelope: MessageEnvelope, event: string, sbsSystems: ReadonlySet<string>): { items: number; sbsItems: number } | undefined {
  if (!BILLED_EVENTS.has(event)) return undefined;
  const claim = focalEntries(envelope)[0]?.resource;
  if (!claim) return undefined;
  let items = 0;
  let sbsItems = 0;
  for (const raw of asArray(claim.item)) {
    items += 1;
    const codings = asArray(asObject(asObject(raw)?.productOrService)?.coding);
    if (codings.some((c) => sbsSystems.has(asString(asObject(c)?.system) ?? ''))) sbsItems += 1;
  }
  return { items, sbsItems };
}
