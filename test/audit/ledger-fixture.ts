/**
 * A real ledger for the audit tests, written through the store API as the gateway writes it:
 * claims accepted, leased, answered (acknowledging the claim), the answers leased and acknowledged,
 * and one rejection.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sha256Hex } from '../../src/store/ledger-chain.js';
import type { ExchangeRecord, GatewayStore, StoredMessage } from '../../src/store/ports.js';

export const PROVIDER = 'N-F-00001';
export const PAYER = 'N-I-00001';

function message(event: string): StoredMessage {
  const bundleId = randomUUID();
  const body = JSON.stringify({ resourceType: 'Bundle', id: bundleId, type: 'message' });
  return { bundleId, event, body, signature: `sig-${bundleId}`, kid: 'kid-1' };
}

function record(msg: StoredMessage, sender: string, recipient: string, state: ExchangeRecord['state']): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: sha256Hex(msg.body), receivedAt: Date.now(), state };
}

/** Writes `rounds` claim exchanges (6 entries each) and one rejection; returns the claims' Bundle ids. */
export async function writeExchanges(store: GatewayStore, rounds: number): Promise<string[]> {
  const claims: string[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const claim = message('claim-request');
    const claimRecord = record(claim, PROVIDER, PAYER, 'queued');
    await store.accept(claimRecord, { recipient: PAYER, sender: PROVIDER, message: claim }, { codes: ['BV-00001'] });
    await store.lease(PAYER, { count: 10, leaseMs: 60_000 });
    const answer = message('claim-response');
    await store.answer({ sender: PROVIDER, headerId: claimRecord.headerId }, answer, {
      record: record(answer, PAYER, PROVIDER, 'answered'),
      ackFrom: { recipient: PAYER, bundleId: claim.bundleId },
      enqueue: { recipient: PROVIDER, sender: PAYER, message: answer },
      note: { outcome: 'complete' },
    });
    await store.lease(PROVIDER, { count: 10, leaseMs: 60_000 });
    await store.ack(PROVIDER, [answer.bundleId]);
    claims.push(claim.bundleId);
  }
  const bad = message('claim-request');
  await store.accept(record(bad, PROVIDER, PAYER, 'rejected'), undefined, { codes: ['IC-00050'] });
  return claims;
}

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `wasl` command line, as a child process. */
export function wasl(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, WASL_REDIS_URL: '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (problem, stdout, stderr) => {
      resolve({ code: problem ? ((problem as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}
