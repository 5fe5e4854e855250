/**
 * The file adapter of the participant registry: `<dataDir>/participants.json`, read and
 * validated once when opened, then served from memory. Every change rewrites the whole file
 * atomically (it holds tens of participants, not millions) and becomes visible to `get`
 * only once it is on disk, so what the gateway enforces is always what a restart would load.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidFileError, PUBLIC_FILE_MODE, readJsonFile, writeFileAtomic } from '../files.js';
import { parseParticipant } from './parse.js';
import {
  UnknownParticipantError,
  type Participant,
  type ParticipantRegistry,
  type ParticipantStatus,
} from './participant.js';

export const PARTICIPANTS_FILE = 'participants.json';
const FORMAT_VERSION = 1;

interface ParticipantsFile {
  version: typeof FORMAT_VERSION;
  participants: Participant[];
}

/** A participant handed to `upsert` that would not survive a reload. */
export class InvalidParticipantError extends Error {
  readonly code = 'WASL_ERR_INVALID_PARTICIPANT';
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'InvalidParticipantError';
  }
}

export class FileParticipantRegistry implements ParticipantRegistry {
  readonly #dataDir: string;
  readonly #file: string;
  #byLicence: ReadonlyMap<string, Participant>;
  /** Changes are applied one after another so concurrent upserts cannot lose each other. */
  #writes: Promise<void> = Promise.resolve();

  private constructor(dataDir: string, participants: ReadonlyMap<string, Participant>) {
    this.#dataDir = dataDir;
    this.#file = join(dataDir, PARTICIPANTS_FILE);
    this.#byLicence = participants;
  }

  /** Loads the registry; a missing file is an empty registry, a malformed one an `InvalidFileError`. */
  static async open(dataDir: string): Promise<FileParticipantRegistry> {
    const file = join(dataDir, PARTICIPANTS_FILE);
    const raw = await readJsonFile(file);
    return new FileParticipantRegistry(dataDir, raw === undefined ? new Map() : load(file, raw));
  }

  get file(): string {
    return this.#file;
  }

  get(licence: string): Participant | undefined {
    return this.#byLicence.get(licence);
  }

  list(): Participant[] {
    return [...this.#byLicence.values()];
  }

  upsert(participant: Participant): Promise<void> {
    const parsed = parseParticipant(participant);
    if (!parsed.ok) return Promise.reject(new InvalidParticipantError(parsed.field, parsed.problem));
    return this.#change((all) => all.set(parsed.value.licence, deepFreeze(parsed.value)));
  }

  setStatus(licence: string, status: ParticipantStatus): Promise<void> {
    return this.#change((all) => {
      const current = all.get(licence);
      if (!current) throw new UnknownParticipantError(licence);
      all.set(licence, deepFreeze({ ...current, status }));
    });
  }

  #change(apply: (all: Map<string, Participant>) => void): Promise<void> {
    const run = this.#writes.then(async () => {
      const next = new Map(this.#byLicence);
      apply(next);
      await mkdir(this.#dataDir, { recursive: true });
      await writeFileAtomic(this.#file, serialise(next), PUBLIC_FILE_MODE);
      this.#byLicence = next;
    });
    // A failed change must not block the ones queued after it.
    this.#writes = run.catch(() => undefined);
    return run;
  }
}

function load(file: string, raw: unknown): Map<string, Participant> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidFileError(file, undefined, 'expected an object with "version" and "participants"');
  }
  const { version, participants } = raw as Record<string, unknown>;
  if (version !== FORMAT_VERSION) throw new InvalidFileError(file, 'version', `expected ${FORMAT_VERSION}, got ${JSON.stringify(version)}`);
  if (!Array.isArray(participants)) throw new InvalidFileError(file, 'participants', 'expected an array');
  const byLicence = new Map<string, Participant>();
  participants.forEach((entry: unknown, i) => {
    const parsed = parseParticipant(entry, `participants[${i}]`);
    if (!parsed.ok) throw new InvalidFileError(file, parsed.field, parsed.problem);
    if (byLicence.has(parsed.value.licence)) {
      throw new InvalidFileError(file, `participants[${i}].licence`, `duplicate licence "${parsed.value.licence}"`);
    }
    byLicence.set(parsed.value.licence, deepFreeze(parsed.value));
  });
  return byLicence;
}

function serialise(all: ReadonlyMap<string, Participant>): string {
  // Sorted so that the file diffs cleanly between changes.
  const participants = [...all.values()].sort((a, b) => (a.licence < b.licence ? -1 : a.licence > b.licence ? 1 : 0));
  const file: ParticipantsFile = { version: FORMAT_VERSION, participants };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Records are shared by every request: freezing them stops one caller changing another's view. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
