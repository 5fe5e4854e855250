/**
 * Realistic exchanges driven through the store API, so the ledger under test is written by the
 * adapters themselves: claims and prior authorizations accepted, leased, redelivered, answered,
 * acknowledged, rejected with rule codes, dead-lettered. Ids are random; no patient identifier
 * appears (patient keys are opaque test digests, as the hub's keyed hashes would be).
 */
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../../src/store/ledger-chain.js';
import type { ExchangeRecord, GatewayStore, StoredMessage } from '../../src/store/ports.js';

export const PROVIDER = 'PR-FHIR-1001';
export const OTHER_PROVIDER = 'PR-FHIR-2002';
export const PAYER = 'INS-FHIR-7001';

function message(event: string): StoredMessage {
  const bundleId = randomUUID();
  const body = JSON.stringify({ resourceType: 'Bundle', id: bundleId, type: 'message', entry: [{ resource: { resourceType: 'MessageHeader', eventCoding: { code: event } } }] });
  return { bundleId, event, body, sha256: sha256Hex(body), signature: `eyJhbGciOiJFUzI1NiJ9..sig-${bundleId}`, kid: 'hub-2026-01' };
}

function record(msg: StoredMessage, sender: string, recipient: string, state: ExchangeRecord['state']): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: sha256Hex(msg.body), receivedAt: Date.now(), state };
}

/**
 * A request accepted and queued for the payer, leased, answered by the payer with `outcome`
 * (which acknowledges the request), and the answer polled and acknowledged by the provider:
 * ledger kinds accepted, delivered, answered, acknowledged, delivered, acknowledged.
 */
export async function answeredExchange(store: GatewayStore, provider: string, event: string, outcome: string, warnings: readonly string[] = []): Promise<void> {
  const request = message(event);
  const requestRecord = record(request, provider, PAYER, 'queued');
  await store.accept(requestRecord, { recipient: PAYER, sender: provider, message: request }, { codes: warnings, patientKeys: [`pk-${randomUUID()}`] });
  await store.lease(PAYER, { count: 10, leaseMs: 60_000 });
  const answer = message(event.replace('-request', '-response'));
  await store.answer({ sender: provider, headerId: requestRecord.headerId }, answer, {
    record: record(answer, PAYER, provider, 'answered'),
    ackFrom: { recipient: PAYER, bundleId: request.bundleId },
    enqueue: { recipient: provider, sender: PAYER, message: answer },
    firstAnswer: true,
    note: { outcome },
  });
  await store.lease(provider, { count: 10, leaseMs: 60_000 });
  await store.ack(provider, [answer.bundleId]);
}

/** A request refused with these rule codes: one `rejected` entry. */
export async function rejectedExchange(store: GatewayStore, provider: string, event: string, codes: readonly string[]): Promise<void> {
  const msg = message(event);
  await store.accept(record(msg, provider, PAYER, 'rejected'), undefined, { codes });
}

/** A request the payer leases twice (its first lease expired) and then acknowledges: accepted, delivered 1, delivered 2, acknowledged. */
export async function redeliveredExchange(store: GatewayStore, clock: { now: number }, provider: string, event: string): Promise<void> {
  const msg = message(event);
  await store.accept(record(msg, provider, PAYER, 'queued'), { recipient: PAYER, sender: provider, message: msg });
  await store.lease(PAYER, { count: 10, leaseMs: 1 });
  // The stores read the test's clock: let the first lease expire.
  clock.now += 10;
  await store.lease(PAYER, { count: 10, leaseMs: 60_000 });
  await store.ack(PAYER, [msg.bundleId]);
}

/** A request its payer never acknowledges: delivered once, dead-lettered on the next lease, replayed by an operator. */
export async function deadLetteredExchange(store: GatewayStore, clock: { now: number }, provider: string, event: string): Promise<void> {
  const msg = message(event);
  await store.accept(record(msg, provider, PAYER, 'queued'), { recipient: PAYER, sender: provider, message: msg });
  await store.lease(PAYER, { count: 10, leaseMs: 1, maxDeliveries: 1 });
  clock.now += 10;
  await store.lease(PAYER, { count: 10, leaseMs: 1, maxDeliveries: 1 });
  await store.replayDeadLetter(PAYER, msg.bundleId);
}
