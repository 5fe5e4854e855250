/**
 * The progress bar on stderr while the bench runs: one line, redrawn in place, only when stderr is
 * a terminal (in CI or a pipe the log lines alone are written). Lines logged meanwhile clear the bar
 * and it is drawn again under them.
 */
const WIDTH = 30;

export class Progress {
  readonly #tty = process.stderr.isTTY === true;
  readonly #totalS: number;
  #doneS = 0;
  #phase: { label: string; durationS: number; startedAt: number; live: { responses: number } } | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `totalS`: the planned seconds of all phases, warm-up included. */
  constructor(totalS: number) {
    this.#totalS = Math.max(1, totalS);
  }

  log(line: string): void {
    this.#clear();
    process.stderr.write(`bench: ${line}\n`);
    this.#draw();
  }

  phase(label: string, durationS: number, live: { responses: number }): void {
    this.#phase = { label, durationS, startedAt: Date.now(), live };
    if (this.#tty) this.#timer ??= setInterval(() => this.#draw(), 250).unref();
    this.#draw();
  }

  phaseDone(): void {
    if (this.#phase) this.#doneS += this.#phase.durationS;
    this.#phase = undefined;
    this.#draw();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
  }

  #draw(): void {
    if (!this.#tty || !this.#phase) return;
    const p = this.#phase;
    const elapsedS = Math.min(p.durationS, (Date.now() - p.startedAt) / 1000);
    const share = Math.min(1, (this.#doneS + elapsedS) / this.#totalS);
    const filled = Math.round(share * WIDTH);
    const rate = elapsedS > 0.5 ? `${Math.round(p.live.responses / elapsedS)} req/s` : '';
    process.stderr.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${p.label} ${Math.floor(elapsedS)}/${p.durationS} s  ${rate}`);
  }

  #clear(): void {
    if (this.#tty) process.stderr.write('\r\x1b[2K');
  }
}
