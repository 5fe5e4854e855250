/**
 * A one-line progress bar for long walks (`wasl audit verify` over millions of entries), drawn
 * on stderr only when it is a terminal: piped or captured output gets no control characters.
 * Redrawn at most every 100 ms, so drawing never costs the walk anything measurable.
 */
export class ProgressBar {
  readonly #stream: NodeJS.WriteStream;
  readonly #label: string;
  readonly #started = Date.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(stream: NodeJS.WriteStream, label: string) {
    this.#stream = stream;
    this.#label = label;
  }

  get active(): boolean {
    return this.#stream.isTTY === true;
  }

  /** `total` undefined: the count alone (an export file's length in entries is not known ahead). */
  update(done: number, total?: number): void {
    if (!this.active) return;
    const now = Date.now();
    if (now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const rate = Math.round(done / Math.max(0.001, (now - this.#started) / 1000));
    this.#stream.write(`\r${this.#label} ${total === undefined ? done : `${bar(done, total)} ${done}/${total}`} (${rate}/s)`);
    this.#drawn = true;
  }

  /** Clears the bar so the summary line that follows starts on a clean line. */
  done(): void {
    if (this.#drawn) this.#stream.write('\r\x1b[K');
  }
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((total > 0 ? Math.min(1, done / total) : 0) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
