/**
 * `simulate()`: plans the traffic (generate.ts) and sends it through a running gateway as the demo
 * providers, `concurrency` messages in flight, paced to `rate` a second when given. A repeat
 * (duplicate or resend) waits for its original's answer, as a retry or a second bill comes after
 * the first. A 429 is waited out and the same bytes sent again (the gateway recognises a resend).
 * Returns the summary; `wasl simulate` prints it, tests and the bench read it.
 */
import type { WaslClient } from '../client/wasl-client.js';
import { ProgressBar } from '../audit/progress-bar.js';
import { planTraffic, type PlannedMessage, type TrafficOptions } from './generate.js';
import { readAnswer } from './outcome.js';
import { summarise, type SentResult, type SimulationSummary } from './summary.js';

export interface SimulateOptions extends TrafficOptions {
  /** The client of a sending provider (the CLI: `localClient` from the data directory; tests: the test gateway's). */
  readonly clientFor: (licence: string) => Promise<WaslClient>;
  /** Messages a second at most, overall; default as fast as `concurrency` allows. */
  readonly rate?: number;
  /** Messages in flight at once (default 8: most wait out the synchronous window when no payer answers). */
  readonly concurrency?: number;
  /** Where to draw the progress bar (default none; it draws only on a terminal). */
  readonly progress?: NodeJS.WriteStream;
  /** Each answer as it comes. */
  readonly onResult?: (result: SentResult) => void;
  /** Planned messages to send instead of planning them (`planTraffic`), e.g. to inspect them first. */
  readonly planned?: readonly PlannedMessage[];
}

const MAX_THROTTLED_RETRIES = 6;

export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const plan = options.planned ?? planTraffic(options);
  const started = Date.now();
  const clients = new Map<string, Promise<WaslClient>>();
  const client = (licence: string): Promise<WaslClient> => {
    let found = clients.get(licence);
    if (!found) clients.set(licence, (found = options.clientFor(licence)));
    return found;
  };
  const settled = new Map<number, Promise<void>>();
  const results: SentResult[] = [];
  let failed = 0;
  let done = 0;
  const bar = options.progress ? new ProgressBar(options.progress, 'simulate') : undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length) {
      const message = plan[next]!;
      next += 1;
      const finished = (async () => {
        if (message.original !== undefined) await settled.get(message.original);
        if (options.rate) await sleep(started + (message.index * 1000) / options.rate - Date.now());
        try {
          const result = await sendOne(await client(message.sender), message);
          results.push(result);
          options.onResult?.(result);
        } catch {
          // No HTTP answer (the gateway unreachable): counted, never retried, since the message may have been taken.
          failed += 1;
        }
        done += 1;
        bar?.update(done, plan.length);
      })();
      settled.set(message.index, finished);
      await finished;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  bar?.done();
  results.sort((a, b) => a.index - b.index);
  return summarise(results, failed, Date.now() - started);
}

async function sendOne(client: WaslClient, message: PlannedMessage): Promise<SentResult> {
  let answer = await client.send(message.body);
  for (let attempt = 0; answer.status === 429 && attempt < MAX_THROTTLED_RETRIES; attempt += 1) {
    // Over the participant's rate limit: wait for the window to move on (1, 2, 4 … 32 s) and send the same bytes.
    await sleep(1000 * 2 ** attempt);
    answer = await client.send(message.body);
  }
  const { body: _body, original: _original, ...about } = message;
  return { ...about, body: message.body, status: answer.status, ...readAnswer(answer.status, answer.json) };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
