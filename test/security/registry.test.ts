import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidFileError, writeFileAtomic } from '../../src/security/files.js';
import { generatePrivateJwk, publicJwkOf } from '../../src/security/jwk.js';
import { FileParticipantRegistry, InvalidParticipantError } from '../../src/security/participants/file-registry.js';
import { LICENCE_SYSTEMS, UnknownParticipantError, type Participant } from '../../src/security/participants/participant.js';
import { tempDir } from './temp-dir.js';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');

function provider(licence: string, extra: Partial<Participant> = {}): Participant {
  return {
    licence,
    licenceSystem: LICENCE_SYSTEMS.provider,
    role: 'provider',
    displayName: `Provider ${licence}`,
    status: 'active',
    credentials: { certificateSha256: FINGERPRINT },
    delivery: { mode: 'poll' },
    limits: {},
    ...extra,
  };
}

describe('FileParticipantRegistry', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.remove());

  it('starts empty when there is no file and round-trips every field', async () => {
    const registry = await FileParticipantRegistry.open(dir.path);
    expect(registry.list()).toEqual([]);
    const publicJwk = publicJwkOf(await generatePrivateJwk('ES384'));
    const payer: Participant = {
      licence: 'N-I-00001',
      licenceSystem: LICENCE_SYSTEMS.payer,
      role: 'payer',
      displayName: 'Payer, "quoted" + شركة',
      status: 'active',
      credentials: { certificateSha256: FINGERPRINT, publicJwk },
      delivery: { mode: 'push', endpoint: 'https://payer.example/$process-message' },
      limits: { requestsPerMinute: 600 },
    };
    await registry.upsert(payer);
    await registry.upsert(provider('N-F-00001'));
    expect(registry.get('N-I-00001')).toEqual(payer);

    const reopened = await FileParticipantRegistry.open(dir.path);
    expect(reopened.get('N-I-00001')).toEqual(payer);
    expect(reopened.get('N-F-00001')).toEqual(provider('N-F-00001'));
    expect(reopened.list().map((p) => p.licence)).toEqual(['N-F-00001', 'N-I-00001']);
    expect(reopened.get('nope')).toBeUndefined();
  });

  it('rewrites the file atomically: a new file takes the name, no temp file is left behind', async () => {
    const registry = await FileParticipantRegistry.open(dir.path);
    await registry.upsert(provider('N-F-00001'));
    const inodeBefore = (await stat(registry.file)).ino;
    await registry.setStatus('N-F-00001', 'blocked');
    expect((await stat(registry.file)).ino).not.toBe(inodeBefore);
    expect(await readdir(dir.path)).toEqual(['participants.json']);
    expect(registry.get('N-F-00001')?.status).toBe('blocked');
    expect((await FileParticipantRegistry.open(dir.path)).get('N-F-00001')?.status).toBe('blocked');
  });

  it('keeps every change when upserts run concurrently', async () => {
    const registry = await FileParticipantRegistry.open(dir.path);
    await Promise.all(Array.from({ length: 20 }, (_, i) => registry.upsert(provider(`P-${i}`))));
    expect(registry.list()).toHaveLength(20);
    expect((await FileParticipantRegistry.open(dir.path)).list()).toHaveLength(20);
  });

  it('refuses an invalid participant and leaves file and memory unchanged', async () => {
    const registry = await FileParticipantRegistry.open(dir.path);
    await registry.upsert(provider('N-F-00001'));
    const before = await readFile(registry.file, 'utf8');
    const privateJwk = await generatePrivateJwk('ES384');
    await expect(registry.upsert(provider('N-F-00002', { credentials: { publicJwk: privateJwk } }))).rejects.toThrow(InvalidParticipantError);
    await expect(registry.upsert(provider('N-F-00002', { role: 'king' as never }))).rejects.toThrow(/participant\.role/);
    await expect(registry.setStatus('N-F-00009', 'blocked')).rejects.toThrow(UnknownParticipantError);
    expect(registry.list()).toHaveLength(1);
    expect(await readFile(registry.file, 'utf8')).toBe(before);
    // A failed change does not wedge the queue.
    await registry.upsert(provider('N-F-00002'));
    expect(registry.list()).toHaveLength(2);
  });

  it('returns frozen records so no caller can change what another sees', async () => {
    const registry = await FileParticipantRegistry.open(dir.path);
    await registry.upsert(provider('N-F-00001'));
    const record = registry.get('N-F-00001')!;
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record.credentials)).toBe(true);
  });

  it.each([
    ['not JSON', '{', undefined, /not valid JSON/],
    ['wrong version', JSON.stringify({ version: 2, participants: [] }), 'version', /expected 1/],
    ['bad role', JSON.stringify({ version: 1, participants: [{ ...provider('A'), role: 'king' }] }), 'participants[0].role', /expected one of/],
    ['no credentials', JSON.stringify({ version: 1, participants: [{ ...provider('A'), credentials: {} }] }), 'participants[0].credentials', /needs/],
    ['duplicate', JSON.stringify({ version: 1, participants: [provider('A'), provider('A')] }), 'participants[1].licence', /duplicate/],
    ['bad push endpoint', JSON.stringify({ version: 1, participants: [{ ...provider('A'), delivery: { mode: 'push', endpoint: 'ftp://x' } }] }), 'participants[0].delivery.endpoint', /http/],
    ['bad limit', JSON.stringify({ version: 1, participants: [{ ...provider('A'), limits: { requestsPerMinute: 0 } }] }), 'participants[0].limits.requestsPerMinute', /at least 1/],
  ])('fails to load with the file and field named: %s', async (_name, text, field, problem) => {
    await writeFile(join(dir.path, 'participants.json'), text);
    const error = await FileParticipantRegistry.open(dir.path).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(InvalidFileError);
    const invalid = error as InvalidFileError;
    expect(invalid.file).toBe(join(dir.path, 'participants.json'));
    expect(invalid.field).toBe(field);
    expect(invalid.message).toMatch(problem);
    expect(invalid.message).toContain('participants.json');
  });

  it('refuses private key material in a registered JWK when loading', async () => {
    const privateJwk = await generatePrivateJwk('ES384');
    const text = JSON.stringify({ version: 1, participants: [provider('A', { credentials: { publicJwk: privateJwk } })] });
    await writeFile(join(dir.path, 'participants.json'), text);
    await expect(FileParticipantRegistry.open(dir.path)).rejects.toThrow(/participants\[0\]\.credentials\.publicJwk\.d: private key material/);
  });
});

describe('writeFileAtomic', () => {
  it('leaves no temp file and no partial target when the final rename fails', async () => {
    const dir = await tempDir();
    try {
      const target = join(dir.path, 'target');
      await mkdir(target); // renaming a file over a directory fails
      await expect(writeFileAtomic(target, 'data', 0o644)).rejects.toThrow();
      expect(await readdir(dir.path)).toEqual(['target']);
      expect((await stat(target)).isDirectory()).toBe(true);
    } finally {
      await dir.remove();
    }
  });
});
