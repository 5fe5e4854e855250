/**
 * The provider's side of the round trip. A request the payer answered inside the synchronous
 * window comes back in the HTTP answer: its round trip is that answer's latency. A request the
 * gateway answered `queued` (or GE-00012) gets the payer's answer later in the provider's queue:
 * each provider long-polls its queue here, as a real provider would, and the round trip ends when
 * the poll brings the answer (matched by `MessageHeader.response.identifier`, the request's
 * MessageHeader.id, which is kept in memory for the match and never printed).
 */
import { performance } from 'node:perf_hooks';
import type { WaslClient } from '../src/client/wasl-client.js';
import { Samples } from './stats.js';

const BATCH = 20;

export class RoundTrips {
  /** Request MessageHeader.id → when it was submitted (performance.now()) and whether in a measured phase. */
  readonly #pending = new Map<string, { at: number; measured: boolean }>();
  /** Answers polled before the HTTP answer of their request was read (a race at the window's end). */
  readonly #early = new Map<string, number>();
  readonly all = new Samples();
  inWindow = 0;
  /** Warm-up round trips are matched (the provider still gets its answer) but not recorded. */
  measuring = false;
  polled = 0;
  /** Answers in a provider queue that match no request waiting for one. */
  unmatched = 0;

  /** The payer's answer came back in the HTTP answer. */
  answered(latencyMs: number): void {
    if (!this.measuring) return;
    this.all.add(latencyMs);
    this.inWindow += 1;
  }

  /** Accepted, the answer will come through the provider's queue. */
  waiting(headerId: string, latencyMs: number): void {
    const submittedAt = performance.now() - latencyMs;
    const early = this.#early.get(headerId);
    if (early === undefined) this.#pending.set(headerId, { at: submittedAt, measured: this.measuring });
    else {
      this.#early.delete(headerId);
      if (this.measuring) this.#record(early - submittedAt);
    }
  }

  arrived(headerId: string | undefined): void {
    if (headerId === undefined) return void (this.unmatched += 1);
    const submitted = this.#pending.get(headerId);
    if (submitted === undefined) return void this.#early.set(headerId, performance.now());
    this.#pending.delete(headerId);
    if (submitted.measured) this.#record(performance.now() - submitted.at);
  }

  #record(ms: number): void {
    this.all.add(ms);
    this.polled += 1;
  }

  /** Requests whose answer has not reached the provider yet. */
  get outstanding(): number {
    return this.#pending.size;
  }

  /** At the end: what never came, and answers nobody waited for. */
  close(): { outstanding: number; unmatched: number } {
    return { outstanding: this.#pending.size, unmatched: this.unmatched + this.#early.size };
  }
}

/** One long-poll loop per provider, acknowledging each batch on the next poll. */
export class ProviderInbox {
  readonly #clients: readonly WaslClient[];
  readonly #trips: RoundTrips;
  readonly #waitS: number;
  #running = false;
  #loops: Promise<void>[] = [];
  polls = 0;
  failures = 0;

  constructor(clients: readonly WaslClient[], trips: RoundTrips, waitS: number) {
    this.#clients = clients;
    this.#trips = trips;
    this.#waitS = waitS;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loops = this.#clients.map((client) => this.#loop(client));
  }

  async #loop(client: WaslClient): Promise<void> {
    let acknowledge: string[] = [];
    while (this.#running) {
      try {
        const { messages } = await client.poll({ count: BATCH, acknowledge, wait: this.#waitS });
        this.polls += 1;
        acknowledge = [];
        for (const message of messages) {
          acknowledge.push(message.bundleId);
          this.#trips.arrived(respondsTo(message.bundle));
        }
      } catch {
        this.failures += 1;
        if (this.#running) await new Promise((r) => setTimeout(r, 200));
      }
    }
    if (acknowledge.length > 0) await client.poll({ count: 1, acknowledge, include: ['none'] }).catch(() => undefined);
  }

  /** Stops polling; a long poll in flight is not waited for (it ends with its wait or the gateway). */
  stop(): void {
    this.#running = false;
  }
}

function respondsTo(bundle: Record<string, unknown>): string | undefined {
  const header = (bundle.entry as { resource?: { response?: { identifier?: unknown } } }[] | undefined)?.[0]?.resource;
  const id = header?.response?.identifier;
  return typeof id === 'string' ? id : undefined;
}
