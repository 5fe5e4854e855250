/**
 * `wasl archive prune --before DATE` (issue 11, item 6): removes archived message bodies received
 * before a date, from the store the gateway uses (beside it while it runs). The ledger keeps every
 * message's hash, so the history stays provable after its bodies are gone.
 */
import type { Command } from 'commander';
import type { GatewayConfig } from '../config.js';
import { openGatewayStore } from '../store/open-offline.js';

/** A calendar date (UTC midnight) or a full timestamp; undefined when it is neither. */
export function parseBefore(text: string): number | undefined {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  return Number.isFinite(at) ? at : undefined;
}

export function registerArchiveCommand(program: Command, config: () => GatewayConfig): Command {
  const archive = program.command('archive').description('the message archive: bodies kept after delivery (GET /messages/{bundleId})');
  archive
    .command('prune')
    .description('remove archived bodies of messages received before a date (the ledger keeps their hashes)')
    .requiredOption('--before <date>', 'YYYY-MM-DD (UTC midnight) or an ISO timestamp')
    .option('--json', 'machine-readable output')
    .action(async (options: { before: string; json?: boolean }) => {
      const before = parseBefore(options.before);
      if (before === undefined) {
        process.stderr.write(`wasl archive prune: --before "${options.before}" is not a date (YYYY-MM-DD or an ISO timestamp)\n`);
        process.exitCode = 2;
        return;
      }
      const store = await openGatewayStore(config());
      try {
        const removed = await store.pruneArchive(before);
        const iso = new Date(before).toISOString();
        process.stdout.write(options.json ? `${JSON.stringify({ before: iso, removed })}\n` : `removed ${removed} archived message bodies received before ${iso}\n`);
      } finally {
        await store.close();
      }
    });
  return archive;
}
