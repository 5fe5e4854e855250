/**
 * The reference payer reads the gateway's verdict on its answers (issue 10, item 2): a refused
 * answer is counted and retried a bounded number of times, then the request is acknowledged so it
 * is not handed out again. An idle payer long-polls instead of polling five times a second.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { WaslClient } from '../../src/client/wasl-client.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { PayerSimulator, type AnswerVerdict } from '../../src/payer-sim/simulator.js';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const LEASE_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client that counts its polls. */
class CountingClient extends WaslClient {
  polls = 0;
  override poll(...args: Parameters<WaslClient['poll']>): ReturnType<WaslClient['poll']> {
    this.polls += 1;
    return super.poll(...args);
  }
}

describe('the reference payer', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: String(LEASE_MS) });

  async function sendClaim(): Promise<Record<string, any>> {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    await (await gw.client('N-F-00003')).send(claim);
    return claim;
  }

  it('counts a refused answer, retries it at most maxAttempts times, then gives up and acknowledges the request', async () => {
    const claim = await sendClaim();
    const refusals: { event: string; verdict: AnswerVerdict; attempts: number }[] = [];
    const gaveUp: { event: string; attempts: number }[] = [];
    const sim = new PayerSimulator({
      client: await gw.client('N-I-00001'),
      // An answer to no known request: the gateway refuses it (BV-00175).
      editAnswer: (answer: any) => {
        answer.entry[0].resource.response.identifier = crypto.randomUUID();
      },
      onRefused: (event, verdict, attempts) => refusals.push({ event, verdict, attempts }),
      onGiveUp: (event, attempts) => gaveUp.push({ event, attempts }),
    });
    for (let round = 0; round < 5; round += 1) {
      await sim.runOnce();
      await sleep(LEASE_MS + 100);
    }
    await sim.stop();
    expect(refusals.map((r) => [r.event, r.attempts])).toEqual([['claim-request', 1], ['claim-request', 2], ['claim-request', 3]]);
    expect(refusals[0]!.verdict).toEqual({ ok: false, status: 200, responseCode: 'fatal-error', codes: ['BV-00175'] });
    expect(gaveUp).toEqual([{ event: 'claim-request', attempts: 3 }]);
    expect(sim.counts).toMatchObject({ answered: 0, refused: 3, gaveUp: 1 });
    // Acknowledged: the request (and the error-notices about the refused answers) are not handed out again.
    await sleep(LEASE_MS + 100);
    const left = await (await gw.client('N-I-00001')).poll({ count: 100 });
    expect(left.messages.filter((m) => m.bundleId === claim.id)).toEqual([]);
    expect(left.messages.map((m) => m.event)).toEqual([]);
  });

  it('a configured maxAttempts of 1 gives up at the first refusal', async () => {
    await sendClaim();
    const sim = new PayerSimulator({
      client: await gw.client('N-I-00001'),
      maxAttempts: 1,
      editAnswer: (answer: any) => {
        answer.entry[0].resource.response.identifier = crypto.randomUUID();
      },
    });
    await sim.runOnce();
    await sim.stop();
    expect(sim.counts).toMatchObject({ answered: 0, refused: 1, gaveUp: 1 });
  });

  it('idle, it long-polls (one poll per wait), answers an arrival at once, and stops without waiting for the poll', async () => {
    const privateJwk = JSON.parse(await readFile(participantKeyPath(gw.dataDir, 'N-I-00001'), 'utf8')) as JWK;
    const client = new CountingClient({ baseUrl: gw.url, licence: 'N-I-00001', role: 'payer', privateJwk });
    const answered: string[] = [];
    const sim = new PayerSimulator({ client, waitS: 1, onAnswer: (event) => answered.push(event) });
    await sim.runOnce(); // empty the queue of what earlier tests left
    client.polls = 0;
    sim.start();
    await sleep(2500);
    // One poll per second of waiting (the old 200 ms pause made about twelve).
    expect(client.polls).toBeGreaterThanOrEqual(2);
    expect(client.polls).toBeLessThanOrEqual(4);
    await sleep(300);
    const sentAt = Date.now();
    await sendClaim();
    while (answered.length === 0 && Date.now() - sentAt < 900) await sleep(10);
    // Woken by the arrival, not by the end of the wait.
    expect(answered).toEqual(['claim-request']);
    await sleep(100);
    const stopAt = Date.now();
    await sim.stop();
    expect(Date.now() - stopAt).toBeLessThan(500);
    expect(sim.counts).toMatchObject({ answered: 1, refused: 0 });
  });
});
