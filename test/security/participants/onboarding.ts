/**
 * Helpers for onboarding tests: a new provider's key pair and record, admin API calls, and an
 * eligibility request re-addressed from the new provider (the official sample, fresh ids).
 */
import { expect } from 'vitest';
import type { JWK } from 'jose';
import { WaslClient } from '../../../src/client/wasl-client.js';
import { generatePrivateJwk, publicJwkOf } from '../../../src/security/jwk.js';
import { LICENCE_SYSTEMS } from '../../../src/security/participants/participant.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fresh } from '../../support/samples.js';

const ELIGIBILITY = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'eligibility-request-N-F-00001.json'), 'utf8');

export interface NewParticipant {
  readonly licence: string;
  readonly privateJwk: JWK;
  readonly record: Record<string, unknown>;
}

export async function newProvider(licence: string): Promise<NewParticipant> {
  const privateJwk = await generatePrivateJwk('ES384');
  return { licence, privateJwk, record: { licence, role: 'provider', displayName: `Onboarded hospital ${licence}`, credentials: { publicJwk: publicJwkOf(privateJwk) } } };
}

export function clientOf(url: string, participant: NewParticipant): WaslClient {
  return new WaslClient({ baseUrl: url, licence: participant.licence, role: 'provider', privateJwk: participant.privateJwk });
}

export interface AdminReply {
  readonly status: number;
  readonly json: any;
  readonly headers: Headers;
}

export async function admin(url: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<AdminReply> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

/** The coded OperationOutcome of a refused admin call. */
export function expectRefused(reply: AdminReply, status: number, code: string, expression?: string): void {
  expect(reply.status).toBe(status);
  expect(reply.json.resourceType).toBe('OperationOutcome');
  expect(reply.json.issue[0].details.coding[0].code).toBe(code);
  if (expression !== undefined) expect(reply.json.issue[0].expression).toEqual([expression]);
}

/** The official eligibility sample (examples/) sent by `licence` (MessageHeader.sender) to N-I-00001, with fresh ids. */
export function eligibilityFrom(licence: string): Record<string, any> {
  const message = fresh(JSON.parse(ELIGIBILITY) as Record<string, any>);
  const header = message.entry[0].resource;
  header.sender = { ...header.sender, identifier: { system: LICENCE_SYSTEMS.provider, value: licence } };
  return message;
}

/** Retries `check` until it passes or `ms` elapse (changes reach other instances by signal, or within a second). */
export async function eventually(check: () => Promise<void>, ms = 3000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (problem) {
      if (Date.now() - started > ms) throw problem;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
