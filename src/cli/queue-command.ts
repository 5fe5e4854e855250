/**
 * `wasl queue`: the operator's view of dead letters (issue 10, item 2). A message handed out
 * WASL_MAX_DELIVERIES times without an acknowledgement or accepted answer leaves the live queue
 * for its recipient's dead letters; these commands list them and put one back.
 *
 * They open the store the gateway uses, directly: Redis when WASL_REDIS_URL is set (every write is
 * one Lua script, safe beside running gateways), otherwise the embedded LMDB store in
 * WASL_DATA_DIR (LMDB serialises writers across processes, so a running gateway may stay up).
 * Only metadata is printed, never message bodies: they carry patient identifiers.
 */
import type { Command } from 'commander';
import type { GatewayConfig } from '../config.js';
import type { DeadLetter, MessageQueue } from '../store/ports.js';
import { openGatewayStore } from '../store/open-offline.js';

type QueueStore = Pick<MessageQueue, 'deadLetters' | 'replayDeadLetter'> & { close(): Promise<void> };

async function openQueueStore(config: GatewayConfig): Promise<QueueStore> {
  return openGatewayStore(config);
}

async function withStore<T>(config: GatewayConfig, action: (store: QueueStore) => Promise<T>): Promise<T> {
  const store = await openQueueStore(config);
  try {
    return await action(store);
  } finally {
    await store.close();
  }
}

/** One dead letter as `--json` prints it: no body, only its size. */
export function deadLetterSummary(letter: DeadLetter): Record<string, string | number> {
  return {
    recipient: letter.recipient,
    bundleId: letter.message.bundleId,
    event: letter.message.event,
    sender: letter.sender,
    deliveries: letter.deliveries,
    enqueuedAt: new Date(letter.enqueuedAt).toISOString(),
    deadLetteredAt: new Date(letter.deadLetteredAt).toISOString(),
    bytes: Buffer.byteLength(letter.message.body, 'utf8'),
  };
}

export function deadLetterReport(letters: readonly DeadLetter[], json: boolean): string {
  if (json) return JSON.stringify(letters.map(deadLetterSummary), null, 2);
  if (letters.length === 0) return 'no dead letters';
  const rows = letters.map((l) => [l.recipient, l.message.bundleId, l.message.event, l.sender, String(l.deliveries), new Date(l.deadLetteredAt).toISOString()]);
  const header = ['RECIPIENT', 'BUNDLE ID', 'EVENT', 'SENDER', 'DELIVERIES', 'DEAD-LETTERED AT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), `${letters.length} dead letter(s); replay one with: wasl queue replay <recipient> <bundleId>`].join('\n');
}

/** Adds `queue` to `program`; declared through it so the subcommands inherit its exit-code handling. */
export function registerQueueCommand(program: Command, config: () => GatewayConfig): Command {
  const queue = program.command('queue').description('inspect recipients\' dead letters and replay them (operates on the store directly)');
  queue
    .command('dead-letters')
    .description('list messages taken out of the live queue after WASL_MAX_DELIVERIES deliveries')
    .option('-r, --recipient <licence>', 'only this recipient')
    .option('--json', 'machine-readable output (metadata only, no message bodies)')
    .action(async (options: { recipient?: string; json?: boolean }) => {
      const letters = await withStore(config(), (store) => store.deadLetters(options.recipient));
      process.stdout.write(`${deadLetterReport(letters, options.json === true)}\n`);
    });
  queue
    .command('replay')
    .description('put a dead letter back at the end of its recipient\'s live queue, bytes unchanged, deliveries reset')
    .argument('<recipient>', 'recipient licence')
    .argument('<bundleId>', 'Bundle.id of the dead letter')
    .action(async (recipient: string, bundleId: string) => {
      const replayed = await withStore(config(), (store) => store.replayDeadLetter(recipient, bundleId));
      if (replayed) {
        process.stdout.write(`replayed ${bundleId}: queued again for ${recipient}\n`);
      } else {
        process.stderr.write(`wasl queue replay: no dead letter ${bundleId} for ${recipient}\n`);
        process.exitCode = 1;
      }
    });
  return queue;
}
