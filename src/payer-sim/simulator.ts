/**
 * The reference payer (`wasl payer-sim`): long-polls its queue, answers each request by the rules in
 * `answers.ts`, reads the gateway's acknowledgement of each answer, and acknowledges one-way messages
 * on its next poll. Used by the README demo, the tests and the benchmark.
 *
 * A refused answer (acknowledgement `fatal-error`, or a status other than 200) leaves the request
 * queued: the gateway hands it out again when its lease ends (README, "Polling"). The simulator
 * tries again up to `maxAttempts` times, then gives up and acknowledges the request, so a request it
 * cannot answer correctly is not answered wrongly every 30 s forever.
 */
import { LICENCE_SYSTEMS } from '../fhir/identity.js';
import type { JsonObject } from '../fhir/json.js';
import type { PolledMessage, WaslClient } from '../client/wasl-client.js';
import { answerRequest, type Decide } from './answers.js';
import { decide, type Decision, type Policy } from './policy.js';
import { readVerdict, type AnswerVerdict } from './reply.js';

export type { AnswerVerdict } from './reply.js';

export interface PayerSimulatorOptions {
  readonly client: WaslClient;
  /** Messages fetched per poll (1..100). */
  readonly batch?: number;
  /**
   * Long poll (`wait` input, seconds): when nothing is queued the gateway holds the poll open until
   * a message arrives, so an idle simulator makes one request per wait. Default 20; the gateway
   * shortens it to WASL_MAX_POLL_WAIT_S. 0 polls without waiting and pauses `idleMs` instead.
   */
  readonly waitS?: number;
  /** Pause after a failed poll, and between empty polls when `waitS` is 0. */
  readonly idleMs?: number;
  /** Answers tried per request before the simulator gives up and acknowledges it. Default 3. */
  readonly maxAttempts?: number;
  /**
   * Decide prior authorizations and claims by this policy (policy.ts, `loadPolicy`) instead of
   * approving everything: a rejection rejects every item with the policy's reason code.
   */
  readonly policy?: Policy;
  /** Each policy decision, with the request message it decided (a batch's nested claim messages one by one). */
  readonly onDecision?: (message: JsonObject, decision: Decision) => void;
  /** Test hook: changes an answer before it is sent (e.g. to make the gateway refuse it). */
  readonly editAnswer?: (answer: JsonObject, request: PolledMessage) => void;
  /** Every answer sent, with the gateway's verdict on it. */
  readonly onAnswer?: (event: string, status: number, verdict: AnswerVerdict) => void;
  /** An answer the gateway refused; `attempts` so far for this request. */
  readonly onRefused?: (event: string, verdict: AnswerVerdict, attempts: number) => void;
  /** The simulator stopped trying to answer a request and acknowledged it. */
  readonly onGiveUp?: (event: string, attempts: number) => void;
  readonly onError?: (error: unknown) => void;
}

export interface PayerSimulatorCounts {
  /** Answers the gateway acknowledged `ok`. */
  readonly answered: number;
  /** Answers the gateway refused (`fatal-error` or not 200). */
  readonly refused: number;
  /** Requests given up after `maxAttempts` refused answers. */
  readonly gaveUp: number;
  /** One-way messages acknowledged without an answer. */
  readonly acknowledged: number;
}

export class PayerSimulator {
  readonly #o: PayerSimulatorOptions;
  #pendingAcks: string[] = [];
  /** Refused answers so far, by request Bundle.id (the gateway redelivers with the same id). */
  readonly #attempts = new Map<string, number>();
  #running = false;
  #loop: Promise<void> | undefined;
  /** True while the loop is inside a long poll, which `stop` does not wait for. */
  #waiting = false;
  #handled = 0;
  #counts = { answered: 0, refused: 0, gaveUp: 0, acknowledged: 0 };

  readonly #decide: Decide | undefined;

  constructor(options: PayerSimulatorOptions) {
    this.#o = options;
    const policy = options.policy;
    this.#decide = policy
      ? (message) => {
          const decision = decide(message, policy);
          options.onDecision?.(message, decision);
          return decision;
        }
      : undefined;
  }

  get handled(): number {
    return this.#handled;
  }

  get counts(): PayerSimulatorCounts {
    return { ...this.#counts };
  }

  /**
   * Polls once (waiting up to `wait` seconds when nothing is queued, default no wait) and answers
   * what came; returns how many messages were received.
   */
  runOnce(wait = 0): Promise<number> {
    return this.#cycle(wait, () => true);
  }

  /** One poll; its messages are handled only if `still()` holds when the poll returns. */
  async #cycle(wait: number, still: () => boolean): Promise<number> {
    const acknowledge = this.#pendingAcks;
    this.#pendingAcks = [];
    let messages: PolledMessage[];
    this.#waiting = wait > 0;
    try {
      ({ messages } = await this.#o.client.poll({ count: this.#o.batch ?? 20, acknowledge, ...(wait > 0 ? { wait } : {}) }));
    } catch (failure) {
      // Not sent, or its answer lost: acknowledge them again next time (acknowledging twice is harmless).
      this.#pendingAcks.unshift(...acknowledge);
      throw failure;
    } finally {
      this.#waiting = false;
    }
    // Stopped during a long poll: leave what came leased; the gateway hands it out again later.
    if (!still()) return messages.length;
    for (const message of messages) {
      await this.#handle(message);
      this.#handled += 1;
    }
    return messages.length;
  }

  async #handle(message: PolledMessage): Promise<void> {
    const answer = answerRequest(message.bundle, {
      licence: this.#o.client.licence,
      system: LICENCE_SYSTEMS.payer,
      baseUrl: `http://${this.#o.client.licence.toLowerCase()}.payer.example`,
    }, new Date(), this.#decide);
    if (!answer) {
      // One-way (payment-notice, error-notice, ...): nothing to answer, acknowledge on the next poll.
      this.#pendingAcks.push(message.bundleId);
      this.#counts.acknowledged += 1;
      return;
    }
    this.#o.editAnswer?.(answer, message);
    const verdict = readVerdict(await this.#o.client.send(answer));
    this.#o.onAnswer?.(message.event, verdict.status, verdict);
    if (verdict.ok) {
      // The accepted answer itself removes the request from our queue.
      this.#counts.answered += 1;
      this.#attempts.delete(message.bundleId);
      return;
    }
    this.#counts.refused += 1;
    const attempts = (this.#attempts.get(message.bundleId) ?? 0) + 1;
    this.#o.onRefused?.(message.event, verdict, attempts);
    if (attempts < (this.#o.maxAttempts ?? 3)) {
      // Left leased: the gateway hands it out again when the lease ends.
      this.#attempts.set(message.bundleId, attempts);
      return;
    }
    this.#attempts.delete(message.bundleId);
    this.#pendingAcks.push(message.bundleId);
    this.#counts.gaveUp += 1;
    this.#o.onGiveUp?.(message.event, attempts);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const waitS = this.#o.waitS ?? 20;
    this.#loop = (async () => {
      while (this.#running) {
        let got = 0;
        let failed = false;
        try {
          got = await this.#cycle(waitS, () => this.#running);
        } catch (failure) {
          failed = true;
          if (this.#running) this.#o.onError?.(failure);
        }
        if (this.#running && (failed || (got === 0 && waitS === 0))) await new Promise((r) => setTimeout(r, this.#o.idleMs ?? 200));
      }
    })();
  }

  /**
   * Stops polling and sends the pending acknowledgements. A long poll in flight is not waited for:
   * it ends with the wait or with the gateway's shutdown, and what it brings stays leased until
   * its lease ends.
   */
  async stop(): Promise<void> {
    if (!this.#running) return this.#flush();
    this.#running = false;
    if (!this.#waiting) await this.#loop;
    await this.#flush();
  }

  async #flush(): Promise<void> {
    // Flush acknowledgements so one-way and given-up messages are not handed out again.
    if (this.#pendingAcks.length === 0) return;
    const acknowledge = this.#pendingAcks;
    this.#pendingAcks = [];
    try {
      await this.#o.client.poll({ count: 1, acknowledge, include: ['none'] });
    } catch (failure) {
      this.#pendingAcks.unshift(...acknowledge);
      this.#o.onError?.(failure);
    }
  }
}
