/**
 * Driving the risk stage as the exchange drives it, over a real store: the family tests and the
 * labelled set of `npm run eval:risk` (bench/eval-risk-fwa.ts) share these, so what is measured is
 * what is tested.
 */
import { randomUUID } from 'node:crypto';
import { readEnvelope } from '../../src/fhir/message.js';
import { LICENCE_SYSTEMS } from '../../src/fhir/identity.js';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { loadFwaCodeSystem } from '../../src/risk/fwa-code-system.js';
import { loadFwaDetector } from '../../src/risk/fwa/detector.js';
import { RiskStage } from '../../src/risk/risk-stage.js';
import { packagePath } from '../../src/package-root.js';
import type { GatewayStore } from '../../src/store/ports.js';
import { claimOf, parties } from './risk-support.js';

const schemasDir = packagePath('schemas');
const detector = loadFwaDetector(schemasDir);
const codes = loadFwaCodeSystem(schemasDir);

export function stageOver(store: GatewayStore): RiskStage {
  return new RiskStage({ history: store, exchanges: store, detector, codes, baseUrl: 'http://gw.test', identifierHash: (kind, system, value) => `${kind}:${system}:${value}` });
}

/**
 * Runs the stage on a message and records it (history with the accept, as the exchange does); the
 * families that fired. `timings` collects the stage's own time (ms) when given.
 */
export async function submit(store: GatewayStore, message: Record<string, any>, timings?: number[]): Promise<string[]> {
  const read = readEnvelope(message);
  if (!read.ok) throw new Error('not a message');
  const { provider, payer } = parties(message);
  const event = read.envelope.event as string;
  const raw = JSON.stringify(message);
  const started = performance.now();
  const result = await stageOver(store).assess({ envelope: read.envelope, raw, event, sender: provider, recipient: payer, receivedAt: Date.now() });
  timings?.push(performance.now() - started);
  const record = { headerId: read.envelope.headerId as string, bundleId: message.id, sender: provider, recipient: payer, event, contentHash: randomUUID(), receivedAt: Date.now(), state: 'queued' as const };
  await store.accept(record, undefined, undefined, { bundleId: message.id, event, body: raw }, result?.record);
  return [...(result?.families ?? [])];
}

/**
 * The payer approves (or rejects) a recorded claim or prior authorization, as the exchange records
 * an answer, with the reference payer's ClaimResponse (a prior authorization's has a preAuthRef and,
 * approved, a 30-day period from `now`). Returns the ClaimResponse.
 */
export async function decide(store: GatewayStore, request: Record<string, any>, approve: boolean, now = new Date()): Promise<Record<string, any>> {
  const { provider, payer } = parties(request);
  const verdict = () => (approve ? { decision: 'approve' as const } : { decision: 'reject' as const, reason: 'AD-1-4' });
  const answer = answerRequest(request, { licence: payer, system: LICENCE_SYSTEMS.payer, baseUrl: 'http://payer.test' }, now, verdict) as Record<string, any>;
  const response = answer.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
  response.extension = [{ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome', valueCodeableConcept: { coding: [{ code: approve ? 'approved' : 'rejected' }] } }];
  const body = JSON.stringify(answer);
  const header = answer.entry[0].resource;
  const event = header.eventCoding.code as string;
  await store.answer({ sender: provider, headerId: request.entry[0].resource.id }, { bundleId: answer.id, event, body }, {
    record: { headerId: header.id, bundleId: answer.id, sender: payer, recipient: provider, event, contentHash: randomUUID(), receivedAt: Date.now(), state: 'answered' },
    firstAnswer: true,
  });
  return response;
}

export function item(message: Record<string, any>): Record<string, any> {
  return claimOf(message).item[0];
}

export function withService(message: Record<string, any>, code: string, quantity = 1): Record<string, any> {
  item(message).productOrService.coding[0].code = code;
  item(message).quantity = { value: quantity };
  return message;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}
