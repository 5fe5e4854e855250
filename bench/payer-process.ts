/**
 * Child process entry of bench/payers.ts: the reference payer (src/payer-sim, what `wasl payer-sim`
 * runs) for one payer licence, in a process of its own so that neither the load generator nor the
 * gateway shares its event loop and its CPU time is read on its own. `sims` simulators long-poll
 * the payer's queue in parallel (leases keep them from answering a message twice) and start at
 * once: an idle long poll costs one held request, nothing more.
 *
 * Answers the parent's counts/stop commands over IPC and exits when the parent goes away. Counts
 * only: the Bundle ids seen are kept in memory to count distinct deliveries, never sent or printed.
 */
import { localClient } from '../src/cli/local-client.js';
import type { WaslClient } from '../src/client/wasl-client.js';
import { PayerSimulator } from '../src/payer-sim/simulator.js';
import { RoundRobinClient } from './round-robin-client.js';

export interface PayerProcessConfig {
  readonly dataDir: string;
  readonly licence: string;
  readonly publicUrl: string;
  /** Instance URLs: more than one when scaled out (requests go round-robin). */
  readonly urls: readonly string[];
  readonly sims: number;
  readonly batch: number;
  readonly waitS: number;
}

export interface PayerProcessCounts {
  readonly licence: string;
  /** Answers sent, by the event answered. */
  readonly answers: Record<string, number>;
  /** Answers the gateway did not take (`fatal-error` or not 200). */
  readonly refusedAnswers: number;
  /** Polls or sends that failed (network, token). */
  readonly failures: number;
  /** Messages received by polling, redeliveries included. */
  readonly handled: number;
  /** Distinct messages received (by Bundle.id). */
  readonly delivered: number;
  /** Poll requests, and those that came back empty (long polls that ran out). */
  readonly polls: number;
  readonly emptyPolls: number;
  /** Requests per instance (scaled out). */
  readonly sent: readonly number[];
  readonly cpuMicros: number;
  readonly peakRssBytes: number;
}

export type PayerCommand = { id: number; type: 'counts' } | { id: number; type: 'stop' };
export type PayerReply = { type: 'ready' } | { type: 'failed'; message: string } | { id: number; type: 'counts'; counts: PayerProcessCounts } | { id: number; type: 'stopped'; counts: PayerProcessCounts };

const send = (reply: PayerReply, then?: () => void): void => {
  if (process.connected) process.send!(reply, undefined, {}, () => then?.());
  else then?.();
};

async function main(): Promise<void> {
  const config = JSON.parse(process.env.WASL_BENCH_PAYER ?? 'null') as PayerProcessConfig | null;
  if (!process.send || !config) throw new Error('payer-process.ts is started by bench/payers.ts (it needs an IPC channel and WASL_BENCH_PAYER)');
  const tokens = await localClient(config.dataDir, config.licence, config.publicUrl);
  const client: WaslClient = config.urls.length > 1 ? await RoundRobinClient.open(config.dataDir, tokens, config.urls) : tokens;
  await client.token();

  const seen = new Set<string>();
  const tally = { answers: {} as Record<string, number>, refusedAnswers: 0, failures: 0, polls: 0, emptyPolls: 0 };
  // Count what each poll brings, without changing what the simulator does with it.
  const poll = client.poll.bind(client);
  client.poll = async (options) => {
    const result = await poll(options);
    tally.polls += 1;
    if (result.messages.length === 0) tally.emptyPolls += 1;
    for (const message of result.messages) seen.add(message.bundleId);
    return result;
  };
  const sims = Array.from(
    { length: config.sims },
    () =>
      new PayerSimulator({
        client,
        batch: config.batch,
        waitS: config.waitS,
        onAnswer: (event, status, verdict) => {
          tally.answers[event] = (tally.answers[event] ?? 0) + 1;
          if (status !== 200 || !verdict.ok) tally.refusedAnswers += 1;
        },
        onError: () => {
          tally.failures += 1;
        },
      }),
  );
  const counts = (): PayerProcessCounts => {
    const cpu = process.cpuUsage();
    return {
      licence: config.licence,
      ...tally,
      answers: { ...tally.answers },
      handled: sims.reduce((sum, sim) => sum + sim.handled, 0),
      delivered: seen.size,
      sent: client instanceof RoundRobinClient ? [...client.sent] : [],
      cpuMicros: cpu.user + cpu.system,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
  };
  for (const sim of sims) sim.start();

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= Promise.all(sims.map((sim) => sim.stop())).then(() => undefined));
  process.on('message', async (command: PayerCommand) => {
    if (command.type === 'counts') send({ id: command.id, type: 'counts', counts: counts() });
    if (command.type === 'stop') {
      await stop();
      send({ id: command.id, type: 'stopped', counts: counts() }, () => process.exit(0));
    }
  });
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  send({ type: 'ready' });
}

main().catch((problem: unknown) => {
  send({ type: 'failed', message: problem instanceof Error ? problem.message : String(problem) }, () => process.exit(1));
});
