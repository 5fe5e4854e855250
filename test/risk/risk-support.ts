/** Messages for the risk tests: official samples made new, with a patient of the test's own. */
import { randomInt } from 'node:crypto';
import { fresh, sample } from '../support/samples.js';

export function claimOf(bundle: Record<string, any>): Record<string, any> {
  return bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
}

export function patientOf(bundle: Record<string, any>): Record<string, any> {
  const ref = claimOf(bundle).patient.reference;
  return bundle.entry.find((e: any) => e.fullUrl === ref).resource;
}

/** A fresh copy of an official sample whose patient has a new national id (history of its own). */
export function freshPatientClaim(file = '7a-claim-dental-request.json'): Record<string, any> {
  const message = fresh(sample(file).json);
  patientOf(message).identifier[0].value = String(randomInt(1_000_000_000, 9_999_999_999));
  return message;
}

export function parties(bundle: Record<string, any>): { provider: string; payer: string } {
  const header = bundle.entry[0].resource;
  return { provider: header.sender.identifier.value, payer: header.destination[0].receiver.identifier.value };
}

/** The resources the gateway appended (tagged gateway-generated). */
export function gatewayEntries(bundle: Record<string, any>): Record<string, any>[] {
  return bundle.entry.map((e: any) => e.resource).filter((r: any) => r.meta?.tag?.some((t: any) => t.code === 'gateway-generated'));
}

/**
 * `delivered` is `raw` with text inserted at one place (the gateway's entries): cutting that text
 * out gives the sender's bytes back exactly.
 */
export function insertedInto(raw: string, delivered: string): string | undefined {
  let p = 0;
  while (p < raw.length && raw[p] === delivered[p]) p++;
  const extra = delivered.length - raw.length;
  if (extra <= 0) return undefined;
  return delivered.slice(0, p) + delivered.slice(p + extra) === raw ? delivered.slice(p, p + extra) : undefined;
}
