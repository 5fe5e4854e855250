/** The official NPHIES samples (copied under test/__fixtures__) and their manifest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshCopy } from '../../src/client/fresh-copy.js';

export const SAMPLES_DIR = join(import.meta.dirname, '..', '__fixtures__', 'nphies-samples');

export interface Sample {
  readonly file: string;
  readonly event: string;
  readonly text: string;
  readonly json: Record<string, any>;
}

export function sample(file: string): Sample {
  const text = readFileSync(join(SAMPLES_DIR, file), 'utf8');
  const json = JSON.parse(text) as Record<string, any>;
  return { file, event: json.entry[0].resource.eventCoding.code, text, json };
}

export function manifest(): { file: string; event: string }[] {
  return readFileSync(join(SAMPLES_DIR, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .map(([file, event]) => ({ file: file!, event: event! }));
}

/** Requests: what a participant submits (responses and "do not process" captures are answers). */
export const REQUEST_EVENTS = new Set([
  'eligibility-request', 'priorauth-request', 'claim-request', 'batch-request', 'communication-request', 'communication',
  'cancel-request', 'status-check', 'payment-reconciliation', 'payment-notice', 'poll-request',
]);

/** A copy the gateway takes as a new submission (new ids and Claim.identifier): see src/client/fresh-copy.ts. */
export function fresh(json: Record<string, any>): Record<string, any> {
  return freshCopy(json);
}

/** Official request samples that break the R4 base schema (see test/routing/samples.test.ts). */
const SCHEMA_DEFECTS = new Set(['9-claim-pharmacy-request.json']);

/**
 * What a cancel-request or status-check acts on: a fresh claim or prior authorization of the
 * Task's sender to its receiver that carries the business identifier Task.focus names. The
 * official Task samples point at claims outside the sample pack, and the gateway checks the
 * target exists (BV-00222, BV-00459), so tests submit this first.
 */
export function targetOf(taskMessage: Record<string, any>): Record<string, any> {
  const header = taskMessage.entry[0].resource;
  const sender = header.sender.identifier.value;
  const receiver = header.destination[0].receiver.identifier.value;
  const task = taskMessage.entry.find((e: any) => e.resource.resourceType === 'Task').resource;
  for (const row of manifest()) {
    if ((row.event !== 'claim-request' && row.event !== 'priorauth-request') || SCHEMA_DEFECTS.has(row.file)) continue;
    const candidate = sample(row.file).json;
    const h = candidate.entry[0].resource;
    if (h.sender.identifier.value !== sender || h.destination[0].receiver.identifier.value !== receiver) continue;
    const message = fresh(candidate);
    const claim = message.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
    claim.identifier = [{ ...task.focus.identifier }];
    return message;
  }
  throw new Error(`no claim sample from ${sender} to ${receiver}`);
}

/** A status-check (9b) or cancel-request (17a → re-addressed to N-F-00002 → N-I-00001) for a given claim message. */
export function taskFor(file: '9b-statuscheck-request.json' | '17a-cancel-request.json', claim: any, code?: 'cancel' | 'nullify'): any {
  const task = fresh(sample(file).json);
  const claimHeader = claim.entry[0].resource;
  const header = task.entry[0].resource;
  header.sender = structuredClone(claimHeader.sender);
  header.destination = structuredClone(claimHeader.destination);
  const resource = task.entry.find((e: any) => e.resource.resourceType === 'Task').resource;
  // Task.requester and Task.owner must be the sender and receiver (BV-00912, BV-00914): take their Organizations from the claim.
  const claimResource = claim.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
  const organisation = (message: any, reference: string) => message.entry.find((e: any) => e.fullUrl === reference || e.fullUrl.endsWith(reference)).resource;
  for (const [element, claimElement] of [['requester', 'provider'], ['owner', 'insurer']] as const) {
    const entry = task.entry.find((e: any) => e.fullUrl === resource[element].reference || e.fullUrl.endsWith(resource[element].reference));
    entry.resource = { ...structuredClone(organisation(claim, claimResource[claimElement].reference)), id: entry.resource.id };
  }
  resource.focus.identifier = structuredClone(claim.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.identifier[0]);
  if (code) resource.code.coding[0].code = code;
  return task;
}

/**
 * The costliest message found within the default parse limits (bench/validation-pool.ts): sample 10
 * with its Claim.item copied 4,000 times, each with a 1,100-character coding.display. About 8 MB, and
 * error-free but for the total (BV-00059), so no layer stops early at the findings cap.
 */
export function largestCostlyClaim(): Record<string, any> {
  const bundle = sample('10-claim-professional-request.json').json;
  const claim = bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
  const item = claim.item[0];
  claim.item = Array.from({ length: 4000 }, (_, i) => {
    const copy = structuredClone(item);
    copy.sequence = i + 1;
    copy.productOrService.coding[0].display = 'x'.repeat(1100);
    return copy;
  });
  return bundle;
}
