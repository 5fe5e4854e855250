/** `wasl audit export` writes NDJSON that `wasl audit verify --file` re-verifies offline; an edited line is named. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import { wasl, writeExchanges } from './ledger-fixture.js';

describe('wasl audit export / verify --file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-export-'));
  const env = { WASL_DATA_DIR: join(dir, 'data') };
  let total = 0;

  beforeAll(async () => {
    const store = LmdbStore.open({ dataDir: env.WASL_DATA_DIR });
    await writeExchanges(store, 3);
    total = (await store.ledgerHead()).seq;
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every field, the facts parsed and the raw body; the whole export verifies from the genesis hash', async () => {
    const out = join(dir, 'all.ndjson');
    const run = await wasl(['audit', 'export', '--from', '1', '--out', out], env);
    expect(run).toMatchObject({ code: 0, stderr: `wasl audit export: ${total} entries written to ${out}\n` });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(total);
    expect(Object.keys(lines[1])).toEqual(['seq', 'at', 'kind', 'n', 'prev', 'hash', 'facts', 'body']);
    expect(lines[0].facts).toEqual(JSON.parse(lines[0].body));
    const verified = await wasl(['audit', 'verify', '--file', out], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toBe(`${total} entries verified, head ${lines.at(-1).hash} (entry ${total})\n`);
  }, 30_000);

  it('a slice (--from 4 --to 9) verifies, trusting the prev of its first line, and says so', async () => {
    const out = join(dir, 'slice.ndjson');
    expect((await wasl(['audit', 'export', '--from', '4', '--to', '9', '--out', out], env)).code).toBe(0);
    const verified = await wasl(['audit', 'verify', '--file', out, '--json'], env);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, verified: 6, fromSeq: 4, trusted: { seq: 3 }, head: { seq: 9 } });
  }, 30_000);

  it('an edited body, or readable facts that no longer say what the body says, is named', async () => {
    const out = join(dir, 'edited.ndjson');
    expect((await wasl(['audit', 'export', '--from', '1', '--out', out], env)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const bodyEdited = lines.map((line, i) => (i === 4 ? line.replace('N-I-00001', 'N-I-00009') : line));
    writeFileSync(out, `${bodyEdited.join('\n')}\n`);
    const run = await wasl(['audit', 'verify', '--file', out, '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).break).toMatchObject({ seq: 5, what: 'edited' });

    const factsEdited = lines.map((line, i) => {
      if (i !== 6) return line;
      const parsed = JSON.parse(line);
      return JSON.stringify({ ...parsed, facts: { ...parsed.facts, outcome: 'forged' } });
    });
    writeFileSync(out, `${factsEdited.join('\n')}\n`);
    const second = await wasl(['audit', 'verify', '--file', out], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^wasl audit verify: chain broken at entry 7 \(edited\): line 7: the readable facts of entry 7 differ from its hashed body/);
  }, 30_000);
});
