/**
 * Benchmark options: CLI flags first, then `WASL_BENCH_*` environment variables, then defaults.
 * A bad value stops the run with a message naming the flag, never a silent default.
 */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Measured seconds per phase (one phase = one target for one round). */
  readonly durationS: number;
  /** Unmeasured seconds per target before the first round (JIT, caches, LMDB pages). */
  readonly warmupS: number;
  /** Rounds of echo, raw echo, gateway; 2 interleaves the targets so none gets all the quiet moments. */
  readonly rounds: number;
  readonly connections: number;
  readonly pool: number;
  readonly invalidShare: number;
  readonly duplicateShare: number;
  /** How long the gateway holds a provider's request for the payer's answer (WASL_SYNC_WINDOW_MS). */
  readonly syncWindowMs: number;
  /** Reference payer simulators polling the busiest payer's queue in parallel (others get fewer, by traffic). */
  readonly payerSims: number;
  /** Long-poll wait of the payers and providers, seconds. */
  readonly waitS: number;
  /** Seed of the message mix (which sample goes where); ids are always random. */
  readonly seed: number;
  readonly json: boolean;
  /** An earlier `--json` report to compare with. */
  readonly baseline: string | undefined;
  /** The preset the durations came from. */
  readonly preset: Preset;
  /** Where the gateway keeps its state: its own LMDB directory, or a Redis the bench starts (scale-out). */
  readonly store: StoreKind;
  /** Gateway processes sharing the Redis store (always 1 for the embedded store, which one process owns). */
  readonly instances: number;
  /** Worker processes of each gateway instance (`WASL_WORKERS`: one port, one store, cluster/primary.ts). */
  readonly workers: number;
  /** Measured seconds of each echo phase (default: `durationS`); shorter for a gateway soak. */
  readonly echoDurationS: number;
}

export type StoreKind = 'embedded' | 'redis';
const STORE_KINDS: readonly StoreKind[] = ['embedded', 'redis'];
/** Instances of the scaled-out gateway when `--store redis` is given without `--instances`. */
const DEFAULT_REDIS_INSTANCES = 2;

/**
 * Durations. `full`: long enough for V8 to finish optimising the hot paths (a 10 s warm-up per
 * target, two interleaved rounds of 30 s). `quick`: about a minute in all. `smoke`: the CI run
 * (does everything once, measures nothing worth quoting).
 */
export type Preset = 'full' | 'quick' | 'smoke';
const PRESETS: Readonly<Record<Preset, { durationS: number; warmupS: number; rounds: number; pool: number }>> = {
  full: { durationS: 30, warmupS: 10, rounds: 2, pool: 5000 },
  quick: { durationS: 10, warmupS: 5, rounds: 1, pool: 3000 },
  smoke: { durationS: 3, warmupS: 2, rounds: 1, pool: 600 },
};

export class OptionError extends Error {}

const USAGE = `usage: wasl bench [options]   (or: npm run bench -- [options])
  --quick                 about a minute: 5 s warm-up, 1 round of 10 s per target
  --smoke                 the CI run: 2 s warm-up, 1 round of 3 s per target
  --duration <s>          measured seconds per phase            (WASL_BENCH_DURATION, default 30)
  --warmup <s>            unmeasured warm-up seconds per target (WASL_BENCH_WARMUP, default 10)
  --rounds <n>            echo, raw echo, gateway rounds        (WASL_BENCH_ROUNDS, default 2)
  --connections <n>       concurrent connections                (WASL_BENCH_CONNECTIONS, default 10)
  --pool <n>              pre-generated request bodies          (WASL_BENCH_POOL, default 5000)
  --invalid-share <f>     share of invalid messages, 0..1 or %  (WASL_BENCH_INVALID_SHARE, default 0.1)
  --duplicate-share <f>   share of byte-identical resends       (WASL_BENCH_DUPLICATE_SHARE, default 0.1)
  --sync-window-ms <ms>   gateway synchronous window            (WASL_SYNC_WINDOW_MS, default 1000)
  --payer-sims <n>        payer simulators for the busiest payer (WASL_BENCH_PAYER_SIMS, default 4;
                          the other payers get fewer, by their share of the traffic, at least 1)
  --wait <s>              long-poll wait of payers and providers (WASL_BENCH_WAIT, default 10)
  --seed <n>              seed of the message mix               (WASL_BENCH_SEED, default 1)
  --store <kind>          embedded (one gateway on LMDB) or redis: a throwaway redis-server
                          and several gateway instances over it (WASL_BENCH_STORE, default embedded)
  --instances <n>         gateway instances over Redis, only with --store redis
                                                                (WASL_BENCH_INSTANCES, default 2)
  --echo-duration <s>     measured seconds of each echo phase    (WASL_BENCH_ECHO_DURATION, default --duration;
                          a soak: --duration 600 --echo-duration 30)
  --workers <n>           worker processes of each gateway instance, sharing its port and store
                          (WASL_WORKERS of the gateway)         (WASL_BENCH_WORKERS, default 1)
  --baseline <file>       compare with an earlier --json report (WASL_BENCH_BASELINE)
  --json                  print the report as JSON on stdout    (WASL_BENCH_JSON=1)
  --help`;

export function parseOptions(argv: readonly string[], env: Record<string, string | undefined> = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean' },
      smoke: { type: 'boolean' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      pool: { type: 'string' },
      'invalid-share': { type: 'string' },
      'duplicate-share': { type: 'string' },
      'sync-window-ms': { type: 'string' },
      'payer-sims': { type: 'string' },
      wait: { type: 'string' },
      seed: { type: 'string' },
      store: { type: 'string' },
      instances: { type: 'string' },
      workers: { type: 'string' },
      'echo-duration': { type: 'string' },
      baseline: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.quick && values.smoke) throw new OptionError('--quick and --smoke: pick one');
  const preset: Preset = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
  const defaults = PRESETS[preset];
  const pick = (flag: keyof typeof values, variable: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' ? value : env[variable] || undefined;
  };
  const base: Omit<BenchOptions, 'echoDurationS'> = {
    durationS: number('--duration', pick('duration', 'WASL_BENCH_DURATION'), defaults.durationS, 1, 3600),
    warmupS: number('--warmup', pick('warmup', 'WASL_BENCH_WARMUP'), defaults.warmupS, 0, 600),
    rounds: whole('--rounds', pick('rounds', 'WASL_BENCH_ROUNDS'), defaults.rounds, 1, 20),
    connections: whole('--connections', pick('connections', 'WASL_BENCH_CONNECTIONS'), 10, 1, 1000),
    pool: whole('--pool', pick('pool', 'WASL_BENCH_POOL'), defaults.pool, 100, 1_000_000),
    invalidShare: share('--invalid-share', pick('invalid-share', 'WASL_BENCH_INVALID_SHARE'), 0.1),
    duplicateShare: share('--duplicate-share', pick('duplicate-share', 'WASL_BENCH_DUPLICATE_SHARE'), 0.1),
    syncWindowMs: whole('--sync-window-ms', pick('sync-window-ms', 'WASL_SYNC_WINDOW_MS'), 1000, 0, 60_000),
    payerSims: whole('--payer-sims', pick('payer-sims', 'WASL_BENCH_PAYER_SIMS'), 4, 1, 32),
    waitS: whole('--wait', pick('wait', 'WASL_BENCH_WAIT'), 10, 1, 30),
    seed: whole('--seed', pick('seed', 'WASL_BENCH_SEED'), 1, 0, 2 ** 31),
    json: values.json === true || env.WASL_BENCH_JSON === '1',
    baseline: pick('baseline', 'WASL_BENCH_BASELINE'),
    preset,
    ...scaleOut(pick('store', 'WASL_BENCH_STORE'), pick('instances', 'WASL_BENCH_INSTANCES')),
    workers: whole('--workers', pick('workers', 'WASL_BENCH_WORKERS'), 1, 1, 16),
  };
  const options: BenchOptions = { ...base, echoDurationS: number('--echo-duration', pick('echo-duration', 'WASL_BENCH_ECHO_DURATION'), base.durationS, 1, 3600) };
  if (options.invalidShare + options.duplicateShare > 0.9) {
    throw new OptionError('--invalid-share plus --duplicate-share must leave at least 10% valid messages');
  }
  return options;
}

function scaleOut(rawStore: string | undefined, rawInstances: string | undefined): { store: StoreKind; instances: number } {
  const store = (rawStore ?? 'embedded') as StoreKind;
  if (!STORE_KINDS.includes(store)) throw new OptionError(`--store: expected ${STORE_KINDS.join(' or ')}, got "${rawStore}"`);
  if (store === 'embedded') {
    // LMDB is opened by one gateway process: a second one would not be a scaled-out hub.
    if (rawInstances !== undefined && rawInstances !== '1') throw new OptionError('--instances needs --store redis (the embedded store belongs to one process)');
    return { store, instances: 1 };
  }
  return { store, instances: whole('--instances', rawInstances, DEFAULT_REDIS_INSTANCES, 1, 16) };
}

export function usage(): string {
  return USAGE;
}

function number(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new OptionError(`${flag}: expected a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function whole(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = number(flag, raw, fallback, min, max);
  if (!Number.isInteger(value)) throw new OptionError(`${flag}: expected a whole number, got "${raw}"`);
  return value;
}

/** `0.1` or `10%`. */
function share(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const percent = raw.trim().endsWith('%');
  const value = Number(percent ? raw.trim().slice(0, -1) : raw) / (percent ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 0.9) throw new OptionError(`${flag}: expected a share from 0 to 0.9 (or 0% to 90%), got "${raw}"`);
  return value;
}
