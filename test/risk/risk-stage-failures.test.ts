/**
 * The risk results are advice to the payer: a bug in one family or in the scorer must not cost the
 * provider its submission (issue 14; "never a 500"). The message is then delivered as received,
 * the failure is reported, and the history is still recorded. A store that cannot be reached is
 * different: the accept cannot be written either, so it propagates (503 with Retry-After).
 */
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src/fhir/message.js';
import { packagePath } from '../../src/package-root.js';
import { loadFwaCodeSystem } from '../../src/risk/fwa-code-system.js';
import type { FwaDetector } from '../../src/risk/fwa/detector.js';
import { RiskStage } from '../../src/risk/risk-stage.js';
import { StoreUnavailableError } from '../../src/store/ports.js';
import type { RiskHistory } from '../../src/store/risk-history.js';
import { freshPatientClaim, parties } from './risk-support.js';

const history: RiskHistory = { patientHistory: async () => [], peerStats: async () => [] };
const codes = loadFwaCodeSystem(packagePath('schemas'));

function stage(detector: Pick<FwaDetector, 'detect'>, scorer: { score: () => never } | undefined, errors: unknown[]): RiskStage {
  return new RiskStage({
    history,
    exchanges: { findExchange: async () => undefined, archivedMessage: async () => undefined },
    detector: detector as FwaDetector,
    ...(scorer ? { scorer } : {}),
    codes,
    baseUrl: 'http://127.0.0.1:8080',
    // History is keyed by patient: a stand-in for the hub-secret HMAC.
    identifierHash: (kind, system, value) => `${kind}:${system}|${value}`,
    onError: (problem) => errors.push(problem),
  });
}

function input() {
  const bundle = freshPatientClaim();
  const raw = JSON.stringify(bundle);
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error('sample is not a message');
  const { provider, payer } = parties(bundle);
  return { envelope: read.envelope, raw, event: 'claim-request', sender: provider, recipient: payer, receivedAt: Date.now() };
}

describe('the risk stage when a check fails', () => {
  it('delivers the message as received when a family throws, reports it, and still records the history', async () => {
    const errors: unknown[] = [];
    const message = input();
    const result = await stage({ detect: async () => Promise.reject(new TypeError('a family bug')) }, undefined, errors).assess(message);
    expect(result?.delivered).toBe(message.raw);
    expect(result?.families).toEqual([]);
    expect(result?.record?.items.length).toBeGreaterThan(0);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/a family bug/);
  });

  it('delivers without a RiskAssessment when the scorer throws', async () => {
    const errors: unknown[] = [];
    const message = input();
    const result = await stage({ detect: async () => [] }, { score: () => { throw new RangeError('bad model'); } }, errors).assess(message);
    expect(result?.delivered).toBe(message.raw);
    expect(result?.probability).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('lets a store that cannot be reached through (the accept could not be written either)', async () => {
    const errors: unknown[] = [];
    await expect(stage({ detect: async () => Promise.reject(new StoreUnavailableError(new Error('down'))) }, undefined, errors).assess(input())).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(errors).toEqual([]);
  });
});
