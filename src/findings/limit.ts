/**
 * How much a message can make the gateway say (issue 9, hardening items 1 and 2). Like NPHIES, Wasl
 * reports the first findings of a message, not every one: a body of a million invalid elements would
 * otherwise cost a million findings to build and an answer of hundreds of megabytes to render.
 *
 *  - one finding per element and code: a second finding with the same code and expression adds nothing;
 *  - at most MAX_FINDINGS errors and MAX_FINDINGS warnings or notes, in the order the layers found them;
 *  - when anything was left out, one last finding, WASL_INFO_FINDINGS_TRUNCATED, says so (an error when
 *    errors were left out, so that the verdict never changes; information otherwise);
 *  - values quoted in diagnostics are cut to MAX_QUOTED characters (see `excerpt` in finding.ts).
 */
import { finding, isBlocking, type Finding } from './finding.js';

/** Errors (and, apart, warnings and notes) reported for one message. */
export const MAX_FINDINGS = 200;

/** Wasl's code for "more findings than are listed": the last finding of a truncated list. */
export const FINDINGS_TRUNCATED = 'WASL_INFO_FINDINGS_TRUNCATED';

/**
 * The findings a message is answered with: duplicates (same code and expression) removed, at most `max`
 * blocking and `max` other findings, and a truncation notice when anything was left out. A list that
 * needs none of this is returned as it came (a clean message allocates nothing). Applying it twice
 * gives the same list: an earlier notice is merged into the new one.
 */
export function limitFindings(findings: Finding[], max?: number): Finding[];
export function limitFindings(findings: readonly Finding[], max?: number): readonly Finding[];
export function limitFindings(findings: readonly Finding[], max: number = MAX_FINDINGS): readonly Finding[] {
  if (findings.length === 0) return findings;
  if (findings.length === 1 && findings[0]?.code !== FINDINGS_TRUNCATED) return findings;
  const capped = new CappedFindings(max);
  for (let i = 0; i < findings.length; i++) capped.add(findings[i] as Finding);
  return capped.changed ? capped.done() : findings;
}

/**
 * The list `limitFindings` makes, filled one finding at a time, so that the pipeline knows when it is
 * `full`: once it holds `max` errors, nothing a later layer or rule finds would be reported, and the
 * pipeline stops there (`stop`), which bounds the work a broken message costs.
 */
export class CappedFindings {
  readonly #kept: Finding[] = [];
  #seen: Set<string> | undefined;
  #blocking = 0;
  #other = 0;
  #droppedBlocking = 0;
  #droppedOther = 0;
  #stopped = false;
  /** Something was dropped or merged: the list differs from what was added. */
  changed = false;

  constructor(readonly max: number = MAX_FINDINGS) {}

  /** Holds `max` errors: what comes after them is not reported. */
  get full(): boolean {
    return this.#blocking >= this.max;
  }

  add(f: Finding): void {
    if (f.code === FINDINGS_TRUNCATED) {
      // A layer, or an earlier pass, already cut its list: carry its word over to the notice at the end.
      this.changed = true;
      if (isBlocking(f)) this.#droppedBlocking += noticeCount(f);
      else this.#droppedOther += noticeCount(f);
      return;
    }
    // Full: whatever comes is left out, duplicate or not, without building its key (a rule may add a million).
    if (this.#blocking === this.max && isBlocking(f)) {
      this.#droppedBlocking += 1;
      this.changed = true;
      return;
    }
    const key = f.expression === undefined ? f.code : `${f.code}\u0000${f.expression}`;
    const seen = (this.#seen ??= new Set());
    if (seen.has(key)) {
      this.changed = true;
      return;
    }
    seen.add(key);
    // A blocking finding reaching here has room: the full case returned above.
    if (isBlocking(f)) {
      this.#blocking += 1;
    } else {
      if (this.#other === this.max) {
        this.#droppedOther += 1;
        this.changed = true;
        return;
      }
      this.#other += 1;
    }
    this.#kept.push(f);
  }

  addAll(findings: readonly Finding[]): void {
    for (let i = 0; i < findings.length; i++) this.add(findings[i] as Finding);
  }

  /** The caller skipped work because the list was full: the notice then says validation stopped. */
  stop(): void {
    this.#stopped = true;
    this.changed = true;
  }

  /** The kept findings, then the truncation notice when anything was left out. */
  done(): Finding[] {
    const dropped = this.#droppedBlocking + this.#droppedOther;
    if (this.#stopped && this.#droppedBlocking === 0) {
      this.#kept.push(finding(FINDINGS_TRUNCATED, 'error', undefined, `only the first ${this.max} errors are listed; validation stopped there`));
    } else if (dropped > 0) {
      this.#kept.push(truncationNotice(this.#droppedBlocking > 0, dropped, this.max));
    }
    return this.#kept;
  }
}

/**
 * The last finding of a truncated list. `blocking`: errors were left out (the notice is then an error
 * itself, so a list cut down to its notice still rejects the message); `more`: how many findings at
 * were left out (a lower bound where a layer stopped looking; duplicates of kept findings may count).
 */
export function truncationNotice(blocking: boolean, more: number, max: number = MAX_FINDINGS): Finding {
  const what = blocking ? 'errors' : 'warnings';
  return finding(FINDINGS_TRUNCATED, blocking ? 'error' : 'information', undefined, `only the first ${max} ${what} are listed; ${more} more were left out`);
}

/** The count a notice carries in its diagnostics ("N more were left out"), 1 when it says none. */
function noticeCount(notice: Finding): number {
  const match = /(\d+) more were left out/.exec(notice.diagnostics ?? '');
  return match ? Number(match[1]) : 1;
}

/**
 * A list a layer fills while it walks a message, which stops growing at `limit` findings (by default
 * ten times what a message is answered with, so that duplicates and the other layers' findings can
 * never bring it back under the cap) and then ends with one truncation notice. It keeps a walk over a
 * body of a million bad elements from building a million findings.
 */
export class FindingList {
  readonly findings: Finding[] = [];
  #dropped = 0;
  #droppedBlocking = false;

  constructor(readonly limit: number = 10 * MAX_FINDINGS) {}

  /** False once the list is full: a caller may skip building what would be dropped. */
  get open(): boolean {
    return this.findings.length < this.limit;
  }

  push(f: Finding): void {
    if (this.findings.length < this.limit) {
      this.findings.push(f);
      return;
    }
    this.#dropped += 1;
    if (isBlocking(f)) this.#droppedBlocking = true;
  }

  /** The findings, with a truncation notice at the end when some were dropped. */
  done(): Finding[] {
    if (this.#dropped > 0) this.findings.push(truncationNotice(this.#droppedBlocking, this.#dropped));
    this.#dropped = 0;
    return this.findings;
  }
}
