/**
 * The reference payers (src/payer-sim) for every payer the samples address, each payer in a child
 * process of its own (bench/payer-process.ts), long-polling its queue (`wait`), as a real payer
 * would. They run for the whole bench: during an echo phase each holds idle long polls and
 * costs nothing, and the gateway phases are followed by a settle period in which the payers
 * drain what is left, so no backlog is carried into the next phase.
 *
 * One simulator answers its messages one after another, so the busiest payer gets `busiest`
 * simulators polling its queue in parallel (leases keep them from answering a message twice); the
 * others get fewer, in proportion to their share of the traffic, at least one each.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childExecArgv } from './targets.js';
import type { PayerCommand, PayerProcessConfig, PayerProcessCounts, PayerReply } from './payer-process.js';

export const PAYERS = ['N-I-00001', 'INS-FHIR', '7001548317'] as const;

/** Messages fetched per poll. */
const BATCH = 5;
const PAYER_PROCESS = fileURLToPath(new URL('./payer-process.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface PayerFleetOptions {
  readonly dataDir: string;
  readonly publicUrl: string;
  readonly urls: readonly string[];
  /** Messages per receiver licence: how the simulators are shared out. */
  readonly traffic: Readonly<Record<string, number>>;
  /** Simulators for the busiest payer. */
  readonly busiest: number;
  /** Long-poll wait, seconds. */
  readonly waitS: number;
}

export interface PayerCounts {
  /** Answers the payers sent, by the event answered. */
  readonly answers: Record<string, number>;
  readonly refusedAnswers: number;
  readonly failures: number;
  readonly handled: number;
  /** Distinct messages the payers received. */
  readonly delivered: number;
  readonly polls: number;
  readonly emptyPolls: number;
  /** Requests per gateway instance (scaled out), all payers together. */
  readonly sent: readonly number[];
  readonly byPayer: readonly PayerProcessCounts[];
}

class PayerProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (reply: PayerReply) => void>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  last: PayerProcessCounts | undefined;

  constructor(config: PayerProcessConfig) {
    this.#child = fork(PAYER_PROCESS, [], {
      execArgv: childExecArgv(),
      env: { ...process.env, WASL_BENCH_PAYER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#exited = new Promise((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.on('message', (reply: PayerReply) => {
      if ('id' in reply) {
        this.#waiting.get(reply.id)?.(reply);
        this.#waiting.delete(reply.id);
      }
    });
  }

  get pid(): number {
    return this.#child.pid!;
  }

  ready(licence: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`payer ${licence} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      this.#child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`payer ${licence} exited before it was ready (code ${code})`));
      });
      this.#child.on('message', (reply: PayerReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'failed') reject(new Error(`payer ${licence} failed to start: ${reply.message}`));
        else return;
        clearTimeout(timer);
      });
    });
  }

  async call(type: PayerCommand['type']): Promise<PayerProcessCounts> {
    if (this.#child.exitCode !== null || !this.#child.connected) {
      if (this.last) return this.last;
      throw new Error('payer process has exited');
    }
    const id = this.#nextId++;
    const reply = await new Promise<PayerReply>((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ id, type });
    });
    if (!('counts' in reply)) throw new Error(`unexpected reply ${reply.type}`);
    this.last = reply.counts;
    return reply.counts;
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    try {
      await Promise.race([this.call('stop').catch(() => undefined), this.#exited]);
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export class PayerFleet {
  readonly #processes: PayerProcess[];
  /** Simulators per payer licence. */
  readonly allocation: Record<string, number>;

  private constructor(processes: PayerProcess[], allocation: Record<string, number>) {
    this.#processes = processes;
    this.allocation = allocation;
  }

  static async start(options: PayerFleetOptions): Promise<PayerFleet> {
    const most = Math.max(1, ...PAYERS.map((licence) => options.traffic[licence] ?? 0));
    const allocation = Object.fromEntries(PAYERS.map((licence) => [licence, Math.max(1, Math.round((options.busiest * (options.traffic[licence] ?? 0)) / most))]));
    const processes = PAYERS.map(
      (licence) =>
        new PayerProcess({ dataDir: options.dataDir, licence, publicUrl: options.publicUrl, urls: options.urls, sims: allocation[licence]!, batch: BATCH, waitS: options.waitS }),
    );
    const fleet = new PayerFleet(processes, allocation);
    try {
      await Promise.all(processes.map((p, i) => p.ready(PAYERS[i]!)));
    } catch (problem) {
      await fleet.stop();
      throw problem;
    }
    return fleet;
  }

  get pids(): number[] {
    return this.#processes.map((p) => p.pid);
  }

  async counts(): Promise<PayerCounts> {
    return sum(await Promise.all(this.#processes.map((p) => p.call('counts'))));
  }

  /** CPU time of each payer process, µs, in the order of PAYERS. */
  async cpuMicros(): Promise<number[]> {
    return (await Promise.all(this.#processes.map((p) => p.call('counts')))).map((c) => c.cpuMicros);
  }

  async stop(): Promise<PayerCounts | undefined> {
    await Promise.all(this.#processes.map((p) => p.stop()));
    const last = this.#processes.map((p) => p.last).filter((c): c is PayerProcessCounts => c !== undefined);
    return last.length === this.#processes.length ? sum(last) : undefined;
  }
}

function sum(all: readonly PayerProcessCounts[]): PayerCounts {
  const answers: Record<string, number> = {};
  for (const c of all) for (const [event, n] of Object.entries(c.answers)) answers[event] = (answers[event] ?? 0) + n;
  const add = (pick: (c: PayerProcessCounts) => number) => all.reduce((total, c) => total + pick(c), 0);
  const width = Math.max(0, ...all.map((c) => c.sent.length));
  return {
    answers,
    refusedAnswers: add((c) => c.refusedAnswers),
    failures: add((c) => c.failures),
    handled: add((c) => c.handled),
    delivered: add((c) => c.delivered),
    polls: add((c) => c.polls),
    emptyPolls: add((c) => c.emptyPolls),
    sent: Array.from({ length: width }, (_, i) => add((c) => c.sent[i] ?? 0)),
    byPayer: all,
  };
}
