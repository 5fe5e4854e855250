/**
 * Earlier decisions are read with a bound per assessed message (found by the 10-minute soak: a
 * patient billed without end made every claim parse hundreds of stored answers and requests).
 */
import { describe, expect, it } from 'vitest';
import { decisionReader, MAX_DECISIONS_READ } from '../../src/risk/earlier-decision.js';
import type { RiskHistoryItem } from '../../src/store/risk-history.js';

const item = (headerId: string): RiskHistoryItem =>
  ({ patientKey: 'p', day: 1, service: 's', quantity: 1, net: 1, unitPrice: 1, event: 'claim-request', sender: 'N-F-00001', recipient: 'N-I-00001', bundleId: `b-${headerId}`, headerId, identifier: 'i', line: 0 });

describe('reading earlier decisions', () => {
  it(`reads at most ${MAX_DECISIONS_READ} earlier messages per assessed message, each once`, async () => {
    const reads: string[] = [];
    const store = {
      findExchange: async (_sender: string, headerId: string) => {
        reads.push(headerId);
        return undefined;
      },
      archivedMessage: async () => undefined,
    };
    const decisionOf = decisionReader(store);
    for (let i = 0; i < 30; i += 1) await decisionOf(item(`h${i}`));
    await decisionOf(item('h0'));
    expect(reads).toEqual(Array.from({ length: MAX_DECISIONS_READ }, (_, i) => `h${i}`));
  });
});
