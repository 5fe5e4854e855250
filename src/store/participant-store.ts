/**
 * The participant registry's storage port (issue 13, item 1): who may talk to the hub, kept in the
 * same store as the exchanges so that every instance (and every offline command) sees one registry,
 * and every change commits together with its `participant` ledger entry.
 *
 * Records are opaque here: the store keeps each participant as the JSON text the registry
 * validated (security/participants/parse.ts), keyed by licence. The store never interprets them,
 * so it does not depend on the security layer above it.
 */

/** One participant as stored: its licence and its validated record as JSON text. */
export interface StoredParticipant {
  readonly licence: string;
  readonly json: string;
}

/** Everything in the registry, and the change counter it was read at. */
export interface ParticipantSnapshot {
  /** Increases by one with every change (0: never written); a cheap "did anything change?" check. */
  readonly version: number;
  readonly participants: readonly StoredParticipant[];
}

/**
 * When a write may happen: `absent` (a new participant; refused if the licence exists) or
 * `unchanged` (the record is still exactly `json`, as read before the edit: two administrators
 * editing one participant at once cannot lose each other's change; the loser reads again).
 */
export type ParticipantCondition = { readonly when: 'absent' } | { readonly when: 'unchanged'; readonly json: string };

export type ParticipantWriteResult =
  | { readonly ok: true; readonly version: number; readonly ledgerSeq: number }
  /** Nothing was written: `exists` for `absent`, `changed` (or `missing`) for `unchanged`. */
  | { readonly ok: false; readonly reason: 'exists' | 'changed' | 'missing'; readonly current?: string };

export interface ParticipantStore {
  readParticipants(): Promise<ParticipantSnapshot>;
  /** The change counter alone (one key read), polled by every instance about once a second. */
  participantsVersion(): Promise<number>;
  /**
   * Writes the record and appends a `participant` ledger entry (subject: the licence, detail:
   * `detail`) in one atomic write, if `condition` holds; otherwise writes nothing.
   */
  putParticipant(record: StoredParticipant, condition: ParticipantCondition, detail: string): Promise<ParticipantWriteResult>;
  /**
   * First start of a store: writes every record, each with its ledger entry, in one atomic write,
   * only if the store holds no participant yet. Returns how many were written (0: it held some,
   * perhaps imported at the same moment by another instance).
   */
  seedParticipants(records: readonly StoredParticipant[], detail: string): Promise<number>;
}
