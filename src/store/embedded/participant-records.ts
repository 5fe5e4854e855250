/**
 * The participant registry in the embedded store (store/participant-store.ts): a `participants`
 * database (licence → validated JSON) and a change counter in `meta`, written in the store's own
 * transactions, so a participant and its ledger entry commit together or not at all. LMDB
 * serialises writers across processes: `wasl participant …` may write beside a running gateway,
 * which sees the change at its next version check.
 */
import type { Database } from 'lmdb';
import { changeEntry, type PlannedEntry } from '../ledger-facts.js';
import type { LedgerEntry } from '../ports.js';
import type { ParticipantCondition, ParticipantSnapshot, ParticipantWriteResult, StoredParticipant } from '../participant-store.js';

/** meta key: how many participant changes were ever written. */
const VERSION_KEY = 'participants-version';

export interface ParticipantRecordsDeps {
  readonly records: Database<string, string>;
  readonly meta: Database<number, string>;
  /** Must be called inside a write transaction (LmdbStore's #appendInTxn). */
  readonly appendInTxn: (planned: PlannedEntry) => LedgerEntry;
  /** Runs `action` in one write transaction (LmdbStore's #write: closed and failure handling). */
  readonly write: (action: () => void) => Promise<void>;
}

export class LmdbParticipantRecords {
  readonly #deps: ParticipantRecordsDeps;

  constructor(deps: ParticipantRecordsDeps) {
    this.#deps = deps;
  }

  read(): ParticipantSnapshot {
    // The counter first: a change landing between the two reads makes the next check reload again.
    const version = this.version();
    const participants = [...this.#deps.records.getRange()].map(({ key, value }) => ({ licence: key, json: value }));
    return { version, participants };
  }

  version(): number {
    return this.#deps.meta.get(VERSION_KEY) ?? 0;
  }

  async put(record: StoredParticipant, condition: ParticipantCondition, detail: string): Promise<ParticipantWriteResult> {
    const planned = changeEntry('participant', { subject: record.licence, detail });
    let result: ParticipantWriteResult | undefined;
    await this.#deps.write(() => {
      const current = this.#deps.records.get(record.licence);
      const refused = refusal(condition, current);
      if (refused) {
        result = refused;
        return;
      }
      this.#deps.records.put(record.licence, record.json);
      const entry = this.#deps.appendInTxn(planned);
      result = { ok: true, version: this.#bumpInTxn(1), ledgerSeq: entry.seq };
    });
    return result as ParticipantWriteResult;
  }

  async seed(records: readonly StoredParticipant[], detail: string): Promise<number> {
    const planned = records.map((record) => changeEntry('participant', { subject: record.licence, detail }));
    let written = 0;
    await this.#deps.write(() => {
      // Checked under the write lock: two processes seeding at once import once.
      if (this.version() > 0 || [...this.#deps.records.getKeys({ limit: 1 })].length > 0) return;
      records.forEach((record, i) => {
        this.#deps.records.put(record.licence, record.json);
        this.#deps.appendInTxn(planned[i] as PlannedEntry);
      });
      if (records.length > 0) this.#bumpInTxn(records.length);
      written = records.length;
    });
    return written;
  }

  #bumpInTxn(by: number): number {
    const version = this.version() + by;
    this.#deps.meta.put(VERSION_KEY, version);
    return version;
  }
}

function refusal(condition: ParticipantCondition, current: string | undefined): ParticipantWriteResult | undefined {
  if (condition.when === 'absent') return current === undefined ? undefined : { ok: false, reason: 'exists', current };
  if (current === undefined) return { ok: false, reason: 'missing' };
  return current === condition.json ? undefined : { ok: false, reason: 'changed', current };
}
