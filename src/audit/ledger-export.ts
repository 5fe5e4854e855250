/**
 * `wasl audit export` and `wasl audit verify --file` (issue 11, item 2): NDJSON, one entry per
 * line. Each line holds the entry's place (seq, at, kind, n, prev, hash), its facts parsed for
 * reading, and the raw `body` exactly as hashed, so the export verifies offline: the chain is
 * re-walked over `body`, and `facts` must say the same as `body` (an edit to the readable copy
 * is an edit).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LedgerEntry } from '../store/ports.js';
import { ledgerPages, walkChain } from './chain-walk.js';
import type { ChainBreak } from './classify-break.js';
import type { VerifyReport } from './verify-ledger.js';

/** One NDJSON line: the entry as stored, plus its facts parsed for readers (the hashed text stays in `body`). */
export interface ExportLine extends LedgerEntry {
  readonly facts: unknown;
}

export function exportLine(entry: LedgerEntry): string {
  // The readable facts before the hashed text, which stays last on the line.
  const { body, ...place } = entry;
  const line: ExportLine = { ...place, facts: JSON.parse(body) as unknown, body };
  return JSON.stringify(line);
}

/** Lines for entries fromSeq..toSeq (inclusive), a page at a time. */
export async function* exportLines(store: { readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]> }, fromSeq: number, toSeq: number): AsyncGenerator<string> {
  for await (const page of ledgerPages(store, fromSeq)) {
    for (const entry of page) {
      if (entry.seq > toSeq) return;
      yield exportLine(entry);
    }
  }
}

type ParsedLine = { readonly ok: true; readonly entry: LedgerEntry; readonly factsMatch: boolean } | { readonly ok: false; readonly reason: string };

const HEX64 = /^[0-9a-f]{64}$/;

export function parseExportLine(text: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const line = raw as Partial<ExportLine>;
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'not an object' };
  if (!Number.isSafeInteger(line.seq) || !Number.isFinite(line.at) || typeof line.kind !== 'string') return { ok: false, reason: 'seq, at or kind missing' };
  if (typeof line.prev !== 'string' || !HEX64.test(line.prev) || typeof line.hash !== 'string' || typeof line.body !== 'string') return { ok: false, reason: 'prev, hash or body missing' };
  if (line.n !== undefined && !Number.isSafeInteger(line.n)) return { ok: false, reason: 'n is not an integer' };
  const base = { seq: line.seq!, at: line.at!, kind: line.kind, prev: line.prev, hash: line.hash, body: line.body };
  const entry: LedgerEntry = line.n === undefined ? base : { ...base, n: line.n };
  return { ok: true, entry, factsMatch: factsMatch(line.facts, line.body) };
}

function factsMatch(facts: unknown, body: string): boolean {
  try {
    return JSON.stringify(facts) === JSON.stringify(JSON.parse(body));
  } catch {
    return false;
  }
}

/**
 * Verifies an export: the first line's `prev` is trusted as the hash of the entry before it
 * (the genesis hash when the export starts at entry 1), then every line must follow.
 */
export async function verifyExportFile(path: string, onProgress?: (verified: number) => void): Promise<VerifyReport> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const found: { firstProblem?: ChainBreak; start?: LedgerEntry } = {};
  const pages = filePages(lines[Symbol.asyncIterator](), found);
  const first = await pages.next();
  if (first.done) {
    return found.firstProblem ? { ok: false, verified: 0, fromSeq: 1, break: found.firstProblem } : { ok: true, verified: 0, fromSeq: 1 };
  }
  const start = first.value[0]!;
  const withFirst = (async function* () {
    yield first.value;
    yield* pages;
  })();
  const walked = await walkChain(withFirst, { fromSeq: start.seq, expectedPrev: start.prev }, onProgress ? { onProgress } : {});
  const trusted = start.seq > 1 ? { trusted: { seq: start.seq - 1, hash: start.prev } } : {};
  const lineProblem = found.firstProblem;
  if (!walked.ok && (!lineProblem || walked.break.seq <= lineProblem.seq)) return { ok: false, verified: walked.verified, fromSeq: start.seq, ...trusted, break: walked.break };
  if (lineProblem) return { ok: false, verified: walked.verified, fromSeq: start.seq, ...trusted, break: lineProblem };
  if (!walked.ok) return { ok: false, verified: walked.verified, fromSeq: start.seq, ...trusted, break: walked.break };
  return { ok: true, verified: walked.verified, fromSeq: start.seq, ...trusted, head: walked.last };
}

const FILE_PAGE = 8192;

/** Pages of entries from the file's lines; stops at an unreadable line, noting the first line whose facts differ from its body. */
async function* filePages(lines: AsyncIterator<string>, found: { firstProblem?: ChainBreak }): AsyncGenerator<LedgerEntry[]> {
  let page: LedgerEntry[] = [];
  let lineNo = 0;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNo += 1;
    if (next.value.trim() === '') continue;
    const parsed = parseExportLine(next.value);
    if (!parsed.ok) {
      found.firstProblem ??= { seq: (page.at(-1)?.seq ?? 0) + 1, what: 'edited', detail: `line ${lineNo} is not a ledger entry: ${parsed.reason}` };
      break;
    }
    if (!parsed.factsMatch) {
      found.firstProblem ??= { seq: parsed.entry.seq, what: 'edited', detail: `line ${lineNo}: the readable facts of entry ${parsed.entry.seq} differ from its hashed body` };
    }
    page.push(parsed.entry);
    if (page.length === FILE_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
