/**
 * Messages being processed right now, by sender and id. A byte-identical copy that arrives
 * before the first is recorded shares the first one's answer instead of being processed twice;
 * a different message reusing one of its ids is told so (BV-00127 / BV-00532).
 *
 * In-process: across gateway instances the store's own unique indexes have to do this.
 */
import type { ExchangeReply } from './exchange.js';

export interface InFlightMessage {
  readonly bundleId: string;
  readonly headerId: string;
  readonly contentHash: string;
  readonly reply: Promise<ExchangeReply>;
}

export class InFlight {
  readonly #byKey = new Map<string, InFlightMessage>();

  find(sender: string, bundleId: string, headerId: string): InFlightMessage | undefined {
    return this.#byKey.get(bundleKey(sender, bundleId)) ?? this.#byKey.get(headerKey(sender, headerId));
  }

  /** Registers a message until its reply settles; returns the same reply. */
  track(sender: string, bundleId: string, headerId: string, contentHash: string, reply: Promise<ExchangeReply>): Promise<ExchangeReply> {
    const keys = [bundleKey(sender, bundleId), headerKey(sender, headerId)];
    const entry: InFlightMessage = { bundleId, headerId, contentHash, reply };
    for (const key of keys) this.#byKey.set(key, entry);
    const release = () => {
      for (const key of keys) if (this.#byKey.get(key) === entry) this.#byKey.delete(key);
    };
    reply.then(release, release);
    return reply;
  }
}

function bundleKey(sender: string, bundleId: string): string {
  return `${sender}\u0000b\u0000${bundleId}`;
}

function headerKey(sender: string, headerId: string): string {
  return `${sender}\u0000h\u0000${headerId}`;
}
