/** What `wasl poll` does with the messages it fetched: a summary, `--print`, `--out DIR`, `--json`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolledMessage } from '../client/wasl-client.js';

export interface PollOutputOptions {
  readonly status: number;
  readonly messages: readonly PolledMessage[];
  /** The Bundle ids the poll asked to acknowledge (not a confirmation: the gateway does not say which it removed). */
  readonly acknowledged: readonly string[];
  /** Print each fetched Bundle in full. */
  readonly print?: boolean;
  /** Save each fetched Bundle as DIR/<Bundle.id>.json. */
  readonly out?: string;
  readonly json?: boolean;
}

/** Saves the messages when asked and returns the text for stdout. */
export async function pollOutput(options: PollOutputOptions): Promise<string> {
  const saved = options.out ? await saveMessages(options.out, options.messages) : [];
  if (options.json) {
    return JSON.stringify(
      {
        status: options.status,
        acknowledged: options.acknowledged,
        messages: options.messages.map((m, i) => ({ bundleId: m.bundleId, event: m.event, ...(saved[i] ? { file: saved[i] } : {}), ...(options.print ? { bundle: m.bundle } : {}) })),
      },
      null,
      2,
    );
  }
  const lines: string[] = [];
  // The poll-response carries no acknowledgement count or list (the gateway removes what is still queued and
  // says nothing), and a second poll to check would lease messages: so the line names exactly the ids sent.
  if (options.acknowledged.length > 0) {
    lines.push(`asked to acknowledge ${options.acknowledged.length} Bundle id(s) (each removed if still queued; the gateway does not confirm which): ${options.acknowledged.join(', ')}`);
  }
  lines.push(`HTTP ${options.status}: ${options.messages.length} message(s)`);
  options.messages.forEach((m, i) => lines.push(`  ${m.event}  Bundle ${m.bundleId}${saved[i] ? `  -> ${saved[i]}` : ''}`));
  if (options.print) for (const m of options.messages) lines.push(JSON.stringify(m.bundle, null, 2));
  return lines.join('\n');
}

/**
 * One file per message, named by Bundle.id (a FHIR id: letters, digits, `-` and `.`, so safe as a file
 * name; anything else is replaced rather than trusted as a path).
 */
async function saveMessages(dir: string, messages: readonly PolledMessage[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const message of messages) {
    const file = join(dir, `${message.bundleId.replace(/[^A-Za-z0-9.-]/g, '_').replace(/^\.+/, '_')}.json`);
    await writeFile(file, `${JSON.stringify(message.bundle, null, 2)}\n`);
    files.push(file);
  }
  return files;
}
