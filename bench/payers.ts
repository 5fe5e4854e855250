/**
 * The reference payers (src/payer-sim) for every payer the samples address, running in this
 * process while the gateway is under load (and stopped while the echo server is measured, so
 * their polling does not disturb it). Counts only: what they answered and what failed.
 *
 * One simulator answers its messages one after another, so a single one caps the whole run
 * (most samples go to N-I-00001). The busiest payer gets `busiest` simulators polling its queue
 * in parallel (leases keep them from answering a message twice); the others get fewer, in
 * proportion to their share of the traffic, at least one each (each idle one polls every 20 ms).
 */
import type { WaslClient } from '../src/client/wasl-client.js';
import { PayerSimulator } from '../src/payer-sim/simulator.js';

export const PAYERS = ['N-I-00001', 'INS-FHIR', '7001548317'] as const;

/** Pause between polls when a payer's queue was empty. */
const IDLE_MS = 20;
/** Messages fetched per poll. */
const BATCH = 5;

export interface PayerCounts {
  /** Answers the payers sent, by the event answered. */
  readonly answers: Record<string, number>;
  /** Answers the gateway did not take with HTTP 200. */
  readonly refusedAnswers: number;
  /** Polls or sends that failed (network, token). */
  readonly failures: number;
  /** Messages received by polling (answered or acknowledged). */
  readonly handled: number;
}

export class PayerFleet {
  readonly #sims: PayerSimulator[];
  readonly #answers: Record<string, number> = {};
  #refused = 0;
  #failures = 0;
  #running = false;

  /** Simulators per payer licence. */
  readonly allocation: Record<string, number>;

  constructor(clients: readonly WaslClient[], traffic: Readonly<Record<string, number>>, busiest: number) {
    const most = Math.max(1, ...clients.map((c) => traffic[c.licence] ?? 0));
    this.allocation = Object.fromEntries(clients.map((c) => [c.licence, Math.max(1, Math.round((busiest * (traffic[c.licence] ?? 0)) / most))]));
    this.#sims = clients.flatMap((client) =>
      Array.from(
        { length: this.allocation[client.licence]! },
        () =>
          new PayerSimulator({
            client,
            batch: BATCH,
            idleMs: IDLE_MS,
            onAnswer: (event, status) => {
              this.#answers[event] = (this.#answers[event] ?? 0) + 1;
              if (status !== 200) this.#refused += 1;
            },
            onError: () => {
              this.#failures += 1;
            },
          }),
      ),
    );
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const sim of this.#sims) sim.start();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await Promise.all(this.#sims.map((sim) => sim.stop()));
  }

  counts(): PayerCounts {
    return {
      answers: { ...this.#answers },
      refusedAnswers: this.#refused,
      failures: this.#failures,
      handled: this.#sims.reduce((sum, sim) => sum + sim.handled, 0),
    };
  }
}
