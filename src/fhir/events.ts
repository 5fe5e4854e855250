/**
 * The message events Wasl routes, read from `schemas/messaging/events.json` (SPEC section 3).
 * Which party may send an event, its focal resource and how it is answered are data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type EventKind = 'realtime' | 'deferred' | 'notice' | 'poll' | 'response';
export type ParticipantRole = 'provider' | 'payer' | 'regulator' | 'admin';
export type Addressee = ParticipantRole | 'gateway';

export interface EventDefinition {
  readonly code: string;
  readonly kind: EventKind;
  readonly sentBy: readonly ParticipantRole[];
  /** Who may be addressed: a participant role, or `gateway` for messages to the hub itself (poll, payment-notice). */
  readonly receivedBy: readonly Addressee[];
  readonly focal: readonly string[];
  /** For requests: the event of the answer. */
  readonly response?: string;
  /** For responses: the request events they may answer. */
  readonly answers?: readonly string[];
  /** For responses: the official code refusing a second answer to the same request (one final answer each). */
  readonly answeredTwice?: string;
  /** For responses: a ClaimResponse with a reissue reason may follow the first answer (a correction, NPHIES sample 2e). */
  readonly reissuable?: boolean;
  /** For claim events: the Claim.use the event requires (BV-00165). */
  readonly claimUse?: string;
  readonly maxFocus?: number;
}

export class EventCatalogue {
  readonly #events: Map<string, EventDefinition>;

  constructor(events: EventDefinition[]) {
    this.#events = new Map(events.map((e) => [e.code, e]));
  }

  static load(schemasDir: string): EventCatalogue {
    const file = JSON.parse(readFileSync(join(schemasDir, 'messaging', 'events.json'), 'utf8')) as {
      events: Record<string, Omit<EventDefinition, 'code'>>;
    };
    for (const [code, def] of Object.entries(file.events)) {
      // Routing refuses any addressee not listed: an event without the list could reach no one.
      if (!Array.isArray(def.receivedBy) || def.receivedBy.length === 0) throw new Error(`events.json: ${code} has no receivedBy roles`);
    }
    return new EventCatalogue(Object.entries(file.events).map(([code, def]) => ({ code, ...def })));
  }

  get(code: string | undefined): EventDefinition | undefined {
    return code === undefined ? undefined : this.#events.get(code);
  }

  all(): EventDefinition[] {
    return [...this.#events.values()];
  }
}
