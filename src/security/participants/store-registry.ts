/**
 * The participant registry as a service (issue 13, item 1): kept in the gateway's store (LMDB
 * beside the exchanges, or Redis shared by every instance), served from memory for the synchronous
 * `get` every request makes, and followed while running: a change made anywhere (another instance,
 * the admin API, `wasl participant` in another process) is seen here within about a second,
 * without a restart.
 *
 * Following has two paths because signals are hints: a `participantsChanged` signal makes every
 * instance reload at once, and a version check (one counter read, once a second) catches any
 * signal that was lost or that could not be sent (an offline command beside an embedded gateway).
 *
 * Every change is validated by parse.ts and written with its `participant` ledger entry in one
 * atomic store write (store/participant-store.ts). Changes are values: `ChangeResult`, with the
 * code of the one registry of codes when refused.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { GatewaySignals } from '../../store/ports.js';
import type { ParticipantStore, StoredParticipant } from '../../store/participant-store.js';
import { applyPatch, describeAdded, describeChange, keyPatch, type ParticipantPatch } from './changes.js';
import { FileParticipantRegistry, InvalidParticipantError, PARTICIPANTS_FILE } from './file-registry.js';
import { parseParticipant } from './parse.js';
import { UnknownParticipantError, type Participant, type ParticipantRegistry, type ParticipantStatus } from './participant.js';

export const PARTICIPANT_CODES = {
  invalid: 'WASL_ERR_INVALID_PARTICIPANT',
  unknown: 'WASL_ERR_UNKNOWN_PARTICIPANT',
  exists: 'WASL_ERR_PARTICIPANT_EXISTS',
} as const;
export type ParticipantCode = (typeof PARTICIPANT_CODES)[keyof typeof PARTICIPANT_CODES];

export type ChangeResult =
  /** `detail` is what the ledger recorded; `''` and no `ledgerSeq` when the change changed nothing. */
  | { readonly ok: true; readonly participant: Participant; readonly detail: string; readonly ledgerSeq?: number }
  | { readonly ok: false; readonly code: ParticipantCode; readonly field?: string; readonly problem: string };

export interface StoreParticipantRegistryOptions {
  readonly store: ParticipantStore;
  /** Announces changes made here and hears others' (absent in offline commands: they only write). */
  readonly signals?: Pick<GatewaySignals, 'participantsChanged' | 'onParticipantsChanged'>;
  /** Where `participants.json` is imported from on the store's first start. */
  readonly dataDir?: string;
  /** How often the version is checked (default 1000 ms; 0: never, for one-shot commands). */
  readonly checkIntervalMs?: number;
  /** A reload that failed (store away, a record the store holds that no longer validates). */
  readonly onError?: (problem: unknown) => void;
}

/** The ledger detail of the import from `participants.json`. */
export const SEED_DETAIL = `imported from ${PARTICIPANTS_FILE}`;
/** Concurrent edits of one participant: how many times an edit re-reads and tries again. */
const EDIT_ATTEMPTS = 5;

interface Entry {
  readonly participant: Participant;
  /** Exactly as stored: the condition of the next edit. */
  readonly json: string;
}

export class StoreParticipantRegistry implements ParticipantRegistry {
  readonly #store: ParticipantStore;
  readonly #signals: StoreParticipantRegistryOptions['signals'];
  readonly #onError: (problem: unknown) => void;
  #entries: ReadonlyMap<string, Entry> = new Map();
  #version = -1;
  #reloading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  private constructor(options: StoreParticipantRegistryOptions) {
    this.#store = options.store;
    this.#signals = options.signals;
    const onError = options.onError ?? (() => undefined);
    this.#onError = (problem) => {
      try {
        onError(problem);
      } catch {
        // A logger not ready yet (the gateway is still starting) must not turn a hint into a crash.
      }
    };
  }

  /** Loads the registry (importing `participants.json` into an empty store first) and starts following it. */
  static async open(options: StoreParticipantRegistryOptions): Promise<StoreParticipantRegistry> {
    const registry = new StoreParticipantRegistry(options);
    if (options.dataDir !== undefined) await seedFromFile(options.store, options.dataDir);
    // At start a record that does not validate stops the gateway, naming the licence and field.
    await registry.#reload(true);
    registry.#unsubscribe = options.signals?.onParticipantsChanged(() => registry.refresh());
    const interval = options.checkIntervalMs ?? 1000;
    if (interval > 0) {
      registry.#timer = setInterval(() => registry.#check(), interval);
      registry.#timer.unref();
    }
    return registry;
  }

  get(licence: string): Participant | undefined {
    return this.#entries.get(licence)?.participant;
  }

  list(): Participant[] {
    return [...this.#entries.values()].map((entry) => entry.participant).sort((a, b) => (a.licence < b.licence ? -1 : a.licence > b.licence ? 1 : 0));
  }

  /** The store's change counter this registry last loaded. */
  get version(): number {
    return this.#version;
  }

  /** A new participant; refused with `WASL_ERR_PARTICIPANT_EXISTS` when its licence is registered. */
  async add(raw: unknown): Promise<ChangeResult> {
    const licence = (raw as { licence?: unknown } | null)?.licence;
    // A licence known here is answered as taken before its record is judged (the store checks again).
    if (typeof licence === 'string' && this.#entries.has(licence)) return exists(licence);
    const parsed = parseParticipant(raw);
    if (!parsed.ok) return invalid(parsed.field, parsed.problem);
    const participant = parsed.value;
    const detail = describeAdded(participant);
    const written = await this.#store.putParticipant(stored(participant), { when: 'absent' }, detail);
    if (!written.ok) return exists(participant.licence);
    await this.#changed();
    return { ok: true, participant: freeze(participant), detail, ledgerSeq: written.ledgerSeq };
  }

  /** Merges `patch` onto the current record, validates the result and writes it if anything changed. */
  change(licence: string, patch: ParticipantPatch): Promise<ChangeResult> {
    return this.edit(licence, (current) => applyPatch(current, patch));
  }

  /** rotate-key: replaces the registered public key (a certificate fingerprint stays). */
  rotateKey(licence: string, publicJwk: unknown): Promise<ChangeResult> {
    return this.edit(licence, (current) => applyPatch(current, keyPatch(current, publicJwk)));
  }

  /**
   * The one write path of an existing participant: `next` builds the whole new record from the
   * current one (read again and rebuilt if another writer got there first); the licence stays.
   */
  async edit(licence: string, next: (current: Participant) => Record<string, unknown>): Promise<ChangeResult> {
    let entry = this.#entries.get(licence) ?? (await this.#fresh(licence));
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt += 1) {
      if (!entry) return unknown(licence);
      const current = entry.participant;
      const parsed = parseParticipant({ ...next(current), licence });
      if (!parsed.ok) return invalid(parsed.field, parsed.problem);
      const updated = parsed.value;
      const detail = describeChange(current, updated);
      if (detail === '') return { ok: true, participant: current, detail };
      const written = await this.#store.putParticipant(stored(updated), { when: 'unchanged', json: entry.json }, detail);
      if (written.ok) {
        await this.#changed();
        return { ok: true, participant: freeze(updated), detail, ledgerSeq: written.ledgerSeq };
      }
      // Someone else changed it first: edit what is there now.
      entry = written.current === undefined ? undefined : toEntry(licence, written.current);
    }
    return invalid('participant', `"${licence}" kept changing under this edit; try again`);
  }

  block(licence: string): Promise<ChangeResult> {
    return this.change(licence, { status: 'blocked' });
  }

  unblock(licence: string): Promise<ChangeResult> {
    return this.change(licence, { status: 'active' });
  }

  /** The registry port: adds, or replaces every field of, the participant with this licence. */
  async upsert(participant: Participant): Promise<void> {
    const result = this.#entries.has(participant.licence) ? await this.edit(participant.licence, () => ({ ...participant })) : await this.add(participant);
    if (!result.ok) throw errorOf(result, participant.licence);
  }

  async setStatus(licence: string, status: ParticipantStatus): Promise<void> {
    const result = await this.change(licence, { status });
    if (!result.ok) throw errorOf(result, licence);
  }

  /** Reloads now if the store changed (signals call it; so may tests). Never rejects. */
  refresh(): Promise<void> {
    if (this.#reloading) {
      // A change may have landed after the running reload read the store: read once more after it.
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = this.#reload(false)
      .catch((problem: unknown) => this.#onError(problem))
      .finally(() => {
        this.#reloading = undefined;
        if (this.#again) {
          this.#again = false;
          void this.refresh();
        }
      });
    return this.#reloading;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#timer = undefined;
    this.#unsubscribe = undefined;
  }

  async #check(): Promise<void> {
    try {
      if ((await this.#store.participantsVersion()) !== this.#version) await this.refresh();
    } catch (problem) {
      this.#onError(problem);
    }
  }

  /** After a write of ours: read it back here at once, then tell the other instances. */
  async #changed(): Promise<void> {
    await this.refresh();
    this.#signals?.participantsChanged();
  }

  async #reload(strict: boolean): Promise<void> {
    const snapshot = await this.#store.readParticipants();
    const entries = new Map<string, Entry>();
    for (const { licence, json } of snapshot.participants) {
      const entry = toEntry(licence, json);
      if (entry) entries.set(licence, entry);
      else if (strict) throw new InvalidParticipantError(`participants[${licence}]`, 'the stored record does not validate');
      // Later: keep serving the others, and say so.
      else this.#onError(new InvalidParticipantError(`participants[${licence}]`, 'the stored record does not validate; left out'));
    }
    this.#entries = entries;
    this.#version = snapshot.version;
  }

  /** A participant this registry has not loaded yet (added a moment ago elsewhere). */
  async #fresh(licence: string): Promise<Entry | undefined> {
    await this.refresh();
    return this.#entries.get(licence);
  }
}

/**
 * First start of a store: the participants `wasl init` (or an existing deployment) left in
 * `participants.json` are imported once. After that the store is the registry and the file is
 * not read again.
 */
async function seedFromFile(store: ParticipantStore, dataDir: string): Promise<void> {
  if (!existsSync(join(dataDir, PARTICIPANTS_FILE))) return;
  const snapshot = await store.readParticipants();
  if (snapshot.version > 0 || snapshot.participants.length > 0) return;
  const file = await FileParticipantRegistry.open(dataDir);
  await store.seedParticipants(file.list().map(stored), SEED_DETAIL);
}

function stored(participant: Participant): StoredParticipant {
  return { licence: participant.licence, json: JSON.stringify(participant) };
}

function toEntry(licence: string, json: string): Entry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = parseParticipant(raw);
  return parsed.ok && parsed.value.licence === licence ? { participant: freeze(parsed.value), json } : undefined;
}

function invalid(field: string, problem: string): ChangeResult {
  return { ok: false, code: PARTICIPANT_CODES.invalid, field, problem };
}

function exists(licence: string): ChangeResult {
  return { ok: false, code: PARTICIPANT_CODES.exists, field: 'participant.licence', problem: `participant "${licence}" is already registered` };
}

function unknown(licence: string): ChangeResult {
  return { ok: false, code: PARTICIPANT_CODES.unknown, problem: `no participant with licence "${licence}"` };
}

function errorOf(result: Extract<ChangeResult, { ok: false }>, licence: string): Error {
  if (result.code === PARTICIPANT_CODES.unknown) return new UnknownParticipantError(licence);
  return new InvalidParticipantError(result.field ?? 'participant', result.problem);
}

/** Records are shared by every request: freezing them stops one caller changing another's view. */
function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freeze(child);
    Object.freeze(value);
  }
  return value;
}
