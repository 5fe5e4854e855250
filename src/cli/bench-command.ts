/**
 * `wasl bench`: the load harness of bench/ (bench/README.md), run from the command line. The
 * harness lives in bench/, beside the other timing scripts, and needs the source checkout: it is
 * loaded when the command runs (through tsx, which is a dependency), never when the CLI starts,
 * and an installed package without bench/ says so. Its options are its own (`wasl bench --help`).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { packagePath } from '../package-root.js';

const HARNESS = ['bench', 'submit.ts'] as const;

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('load-test the gateway beside a parsing Fastify echo (bench/README.md; --quick takes about a minute, --help lists the options)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[options...]', 'harness options, e.g. --quick, --json, --baseline FILE')
    .action(async (args: string[]) => {
      const file = packagePath(...HARNESS);
      if (!existsSync(file)) {
        process.stderr.write('wasl bench: the load harness (bench/) is in the source checkout only, not in this installation\n');
        process.exitCode = 1;
        return;
      }
      // Built CLI: plain Node cannot load the harness's TypeScript until tsx is registered.
      if (!process.execArgv.some((a) => a.includes('tsx')) && !import.meta.url.endsWith('.ts')) (await import('tsx/esm/api')).register();
      const { runBench } = (await import(pathToFileURL(file).href)) as { runBench: (argv: readonly string[]) => Promise<number> };
      process.exitCode = await runBench(args);
    });
}
