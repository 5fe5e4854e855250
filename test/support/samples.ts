/** The official NPHIES samples (copied under test/__fixtures__) and their manifest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** A deep copy with fresh Bundle.id and MessageHeader.id, so one sample can be sent many times. */
export function fresh(json: Record<string, any>): Record<string, any> {
  const copy = structuredClone(json);
  copy.id = crypto.randomUUID();
  const header = copy.entry[0];
  const headerId = crypto.randomUUID();
  // BV-00207: the fullUrl carries the resource id, so it changes with it.
  if (typeof header.fullUrl === 'string') header.fullUrl = header.fullUrl.replace(header.resource.id, headerId);
  header.resource.id = headerId;
  return copy;
}
