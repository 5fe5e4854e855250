/**
 * `wasl simulate` (issue 14, item 4; README, "Realistic traffic"): sends seeded, realistic, valid
 * prior authorizations and claims through a running gateway as the demo providers, with a progress
 * bar on stderr and a summary at the end. The work is `simulate()` in src/simulate/; this file only
 * reads options and prints.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { WaslClient } from '../client/wasl-client.js';
import type { GatewayConfig } from '../config.js';
import { formatSummary, planTraffic, simulate, type SimEvent } from '../simulate/index.js';
import { localClient } from './local-client.js';
import { withCliRegistry } from './participant-registry.js';

const EVENTS: readonly SimEvent[] = ['priorauth', 'claim'];

interface SimulateCliOptions {
  events: SimEvent[];
  count: number;
  seed: number;
  rate?: number;
  concurrency: number;
  patients?: number;
  duplicates: number;
  resends: number;
  url?: string;
  json?: boolean;
}

export function registerSimulateCommand(program: Command, config: () => GatewayConfig): Command {
  return program
    .command('simulate')
    .description('send realistic, valid prior authorizations and claims through a running gateway as the demo providers (seeded)')
    .option('-e, --events <list>', `comma-separated events: ${EVENTS.join(', ')}`, parseEvents, [...EVENTS])
    .option('-n, --count <n>', 'messages to send', positiveInt, 100)
    .option('-s, --seed <n>', 'seed: the same seed sends the same content (ids and identifiers are new each run)', wholeNumber, 1)
    .option('-r, --rate <n>', 'messages a second at most (default: as fast as --concurrency allows)', positiveNumber)
    .option('-c, --concurrency <n>', 'messages in flight at once', positiveInt, 8)
    .option('--patients <n>', 'patients in the pool (default: count / 8, at least 20)', positiveInt)
    .option('--duplicates <share>', 'share of duplicates: an earlier claim again under a new identifier', share, 0.02)
    .option('--resends <share>', 'share of resends: an earlier message byte for byte', share, 0.01)
    .addOption(new Option('-u, --url <url>', 'gateway base URL').env('WASL_URL'))
    .option('--json', 'print the summary as JSON (without the message bodies)')
    .action(async (options: SimulateCliOptions) => {
      const cfg = config();
      const url = options.url ?? cfg.publicUrl;
      const planned = planTraffic({
        events: options.events,
        count: options.count,
        seed: options.seed,
        duplicateShare: options.duplicates,
        resendShare: options.resends,
        ...(options.patients !== undefined ? { patients: options.patients } : {}),
      });
      // The senders' clients, made once from the store's registry and the keys `wasl init` left.
      const senders = [...new Set(planned.map((m) => m.sender))];
      const clients = await withCliRegistry(cfg, async (registry) => new Map<string, WaslClient>(await Promise.all(senders.map(async (l) => [l, await localClient(cfg.dataDir, l, url, undefined, registry)] as const))));
      const summary = await simulate({
        events: options.events,
        count: options.count,
        seed: options.seed,
        planned,
        clientFor: async (licence) => clients.get(licence)!,
        concurrency: options.concurrency,
        ...(options.rate !== undefined ? { rate: options.rate } : {}),
        progress: process.stderr,
      });
      if (options.json) {
        const { results: _results, ...rest } = summary;
        process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatSummary(summary)}\n`);
      }
      if (summary.rejected > 0 || summary.failed > 0) process.exitCode = 1;
    });
}

function parseEvents(value: string): SimEvent[] {
  const events = value.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const unknown = events.filter((e) => !(EVENTS as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`events are ${EVENTS.join(', ')}; got ${value}`);
  return [...new Set(events)] as SimEvent[];
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of at least 1');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number above 0');
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 0.5) throw new InvalidArgumentError('a share from 0 to 0.5');
  return n;
}
