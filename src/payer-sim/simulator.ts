/**
 * The reference payer (`wasl payer-sim`): polls its queue, answers each request by the rules in
 * `answers.ts`, and acknowledges one-way messages on its next poll. Used by the README demo,
 * the tests and the benchmark.
 */
import { LICENCE_SYSTEMS } from '../fhir/identity.js';
import type { WaslClient } from '../client/wasl-client.js';
import { answerRequest } from './answers.js';

export interface PayerSimulatorOptions {
  readonly client: WaslClient;
  /** Messages fetched per poll (1..100). */
  readonly batch?: number;
  /** Pause between polls when the queue was empty. */
  readonly idleMs?: number;
  readonly onAnswer?: (event: string, status: number) => void;
  readonly onError?: (error: unknown) => void;
}

export class PayerSimulator {
  readonly #o: PayerSimulatorOptions;
  #pendingAcks: string[] = [];
  #running = false;
  #loop: Promise<void> | undefined;
  #handled = 0;

  constructor(options: PayerSimulatorOptions) {
    this.#o = options;
  }

  get handled(): number {
    return this.#handled;
  }

  /** Polls once and answers what came; returns how many messages were received. */
  async runOnce(): Promise<number> {
    const acknowledge = this.#pendingAcks;
    this.#pendingAcks = [];
    const { messages } = await this.#o.client.poll({ count: this.#o.batch ?? 20, acknowledge });
    for (const message of messages) {
      const answer = answerRequest(message.bundle, {
        licence: this.#o.client.licence,
        system: LICENCE_SYSTEMS.payer,
        baseUrl: `http://${this.#o.client.licence.toLowerCase()}.payer.example`,
      });
      if (answer) {
        // The answer itself removes the request from our queue.
        const result = await this.#o.client.send(answer);
        this.#o.onAnswer?.(message.event, result.status);
        if (result.status !== 200) this.#pendingAcks.push(message.bundleId);
      } else {
        this.#pendingAcks.push(message.bundleId);
      }
      this.#handled += 1;
    }
    return messages.length;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let got = 0;
        try {
          got = await this.runOnce();
        } catch (failure) {
          this.#o.onError?.(failure);
        }
        if (got === 0 && this.#running) await new Promise((r) => setTimeout(r, this.#o.idleMs ?? 200));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    // Flush acknowledgements so one-way messages are not handed out again.
    if (this.#pendingAcks.length > 0) {
      try {
        await this.#o.client.poll({ count: 1, acknowledge: this.#pendingAcks, include: ['none'] });
        this.#pendingAcks = [];
      } catch (failure) {
        this.#o.onError?.(failure);
      }
    }
  }
}
