/**
 * Batch claim rules: a batch-request Bundle holds whole claim messages; each must be a
 * claim-request from the same sender to the same receiver, with consistent batch extensions.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString, type JsonObject } from '../../../../fhir/json.js';
import { focalEntries, readEnvelope } from '../../../../fhir/message.js';
import type { MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';
import { extensionNamed } from './support.js';

interface NestedClaim {
  /** FHIRPath of the nested Bundle, e.g. `Bundle.entry[1].resource`. */
  readonly bundlePath: string;
  readonly header: JsonObject;
  readonly claim: JsonObject | undefined;
  /** FHIRPath of the nested Claim. */
  readonly claimPath: string | undefined;
}

function nestedClaims(message: MessageUnderTest): NestedClaim[] {
  if (message.event.code !== 'batch-request') return [];
  const out: NestedClaim[] = [];
  for (const entry of message.focal) {
    const read = readEnvelope(entry.resource);
    if (!read.ok) continue;
    const bundlePath = `${message.basePath}.entry[${entry.index}].resource`;
    const claimEntry = focalEntries(read.envelope).find((e) => e.resource?.resourceType === 'Claim');
    out.push({
      bundlePath,
      header: read.envelope.header,
      claim: claimEntry?.resource,
      claimPath: claimEntry ? `${bundlePath}.entry[${claimEntry.index}].resource` : undefined,
    });
  }
  return out;
}

function batchRule(id: string, check: (claims: NestedClaim[], add: (expression: string, diagnostics: string) => void, message: MessageUnderTest) => void): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      check(nestedClaims(message), (expression, diagnostics) => findings.push(error(id, expression, diagnostics)), message);
      return findings;
    },
  };
}

/** BV-00373 "Batch.entry SHALL have maximum 101 elements including the MessageHeader and up to 100 claim requests". */
export const BV_00373 = batchRule('BV-00373', (_claims, add, message) => {
  if (message.event.code === 'batch-request' && message.envelope.entries.length > 101) add(`${message.basePath}.entry`, 'a batch holds at most 100 claims');
});

/** BV-00383 "MessageHeader.eventCoding SHALL be "claim-request" in each bundle entry within a batch claim request". */
export const BV_00383 = batchRule('BV-00383', (claims, add) => {
  for (const c of claims) {
    if (asString(asObject(c.header.eventCoding)?.code) !== 'claim-request') add(`${c.bundlePath}.entry[0].resource.eventCoding.code`, 'a batch carries claim-request messages');
  }
});

function licence(reference: unknown): string | undefined {
  return asString(asObject(asObject(reference)?.identifier)?.value);
}

/** BV-00227 "Claim MessageHeader.sender SHALL match the Batch Bundle MessageHeader.sender". */
export const BV_00227 = batchRule('BV-00227', (claims, add, message) => {
  const sender = message.envelope.sender?.value;
  for (const c of claims) {
    const nested = licence(c.header.sender);
    if (sender !== undefined && nested !== undefined && nested !== sender) add(`${c.bundlePath}.entry[0].resource.sender`, 'the claim sender is not the batch sender');
  }
});

/** BV-00238 "Claim Bundle Message MessageHeader.destination.receiver SHALL match the Batch Bundle Message MessageHeader.destination.receiver". */
export const BV_00238 = batchRule('BV-00238', (claims, add, message) => {
  const receiver = message.envelope.receivers[0]?.value;
  for (const c of claims) {
    const nested = licence(asObject(Array.isArray(c.header.destination) ? c.header.destination[0] : undefined)?.receiver);
    if (receiver !== undefined && nested !== undefined && nested !== receiver) add(`${c.bundlePath}.entry[0].resource.destination[0].receiver`, 'the claim receiver is not the batch receiver');
  }
});

/** The batch extension of each claim, with its FHIRPath (undefined when absent). */
function batchExtension(claims: NestedClaim[], name: string): { claim: NestedClaim; value: unknown; at: string | undefined }[] {
  return claims
    .filter((c) => c.claim !== undefined)
    .map((c) => {
      const found = extensionNamed(c.claim as JsonObject, name);
      const key = found ? Object.keys(found.ext).find((k) => k.startsWith('value')) : undefined;
      return { claim: c, value: found && key ? found.ext[key] : undefined, at: found && key ? `${String(c.claimPath)}.extension[${found.i}].${key}` : undefined };
    });
}

/** BV-00385 "Each claim inside a batch bundle SHALL have a unique batch-number". */
export const BV_00385 = batchRule('BV-00385', (claims, add) => {
  const seen = new Set<unknown>();
  for (const { value, at } of batchExtension(claims, 'extension-batch-number')) {
    if (value === undefined || at === undefined) continue;
    if (seen.has(value)) add(at, `batch-number ${String(value)} repeats`);
    seen.add(value);
  }
});

function consistent(id: string, name: string): Rule {
  return batchRule(id, (claims, add) => {
    let first: string | undefined;
    for (const { claim, value, at } of batchExtension(claims, name)) {
      if (value === undefined || at === undefined) {
        add(`${String(claim.claimPath)}.extension`, `${name.replace('extension-', '')} is required in a batch`);
        continue;
      }
      const text = JSON.stringify(value);
      if (first === undefined) first = text;
      else if (text !== first) add(at, `${name.replace('extension-', '')} differs from the first claim's`);
    }
  });
}
/** BV-00421 "When validating claims from a batch then "batch-period" SHALL exist and SHALL be consistent across all entries in the batch". */
export const BV_00421 = consistent('BV-00421', 'extension-batch-period');
/** BV-00451 "When validating claims from a batch then "batch-identifier" SHALL exist and SHALL be consistent across all entries in the batch". */
export const BV_00451 = consistent('BV-00451', 'extension-batch-identifier');

/** BV-00452 "When validating claims from a batch then batch-extensions SHALL exist" (identifier, number and period). */
export const BV_00452 = batchRule('BV-00452', (claims, add) => {
  for (const c of claims) {
    if (!c.claim) continue;
    const missing = ['extension-batch-identifier', 'extension-batch-number', 'extension-batch-period'].filter((n) => !extensionNamed(c.claim as JsonObject, n));
    if (missing.length > 0) add(`${String(c.claimPath)}.extension`, `missing ${missing.join(', ')}`);
  }
});

export const BATCH_RULES: readonly Rule[] = [BV_00373, BV_00383, BV_00227, BV_00238, BV_00385, BV_00421, BV_00451, BV_00452];
