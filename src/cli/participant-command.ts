/**
 * `wasl participant add|list|show|block|unblock|set-delivery|set-limits|rotate-key` (issue 13,
 * item 1): the admin API's operations from the command line, on the store a gateway of this
 * configuration uses (the data directory's LMDB, or Redis with WASL_REDIS_URL). Each change is
 * validated, written with its `participant` ledger entry, printed as the ledger recorded it, and
 * followed by running gateways without a restart. Keys: a public JWK from a file, or
 * `--generate-key`, which keeps the private key in WASL_DATA_DIR/keys like `wasl init` (so
 * `wasl token <licence>` works for it). Exit 1 on a refused change, with its code.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { JWK } from 'jose';
import type { GatewayConfig } from '../config.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, writeFileAtomic, writeFileExclusive } from '../security/files.js';
import { generatePrivateJwk, publicJwkOf } from '../security/jwk.js';
import { withDefaults } from '../security/participants/changes.js';
import type { Participant } from '../security/participants/participant.js';
import type { ChangeResult, StoreParticipantRegistry } from '../security/participants/store-registry.js';
import { participantKeyPath, securityPaths } from '../security/paths.js';
import { openCliRegistry } from './participant-registry.js';

/** A refused change or bad input: printed with its code, exit 1. */
class ParticipantCommandError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'ParticipantCommandError';
  }
}

interface AddOptions {
  role: string;
  name?: string;
  key?: string;
  generateKey?: boolean;
  certSha256?: string;
  push?: string;
  rpm?: number;
  json?: boolean;
}

export function registerParticipantCommand(program: Command, config: () => GatewayConfig): Command {
  const participant = program.command('participant').description('the participant registry (the store a gateway of this configuration uses; changes apply without a restart)');
  const withRegistry = async (use: (registry: StoreParticipantRegistry) => Promise<unknown>): Promise<void> => {
    const opened = await openCliRegistry(config());
    try {
      await use(opened.registry);
    } finally {
      await opened.close();
    }
  };

  participant
    .command('list')
    .description('every participant: licence, role, status, delivery, name')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) =>
      withRegistry(async (registry) => {
        const all = registry.list();
        process.stdout.write(options.json ? `${JSON.stringify(all, null, 2)}\n` : `${listing(all)}\n`);
      }),
    );

  participant
    .command('show')
    .description('one participant, as registered (public keys only)')
    .argument('<licence>')
    .action((licence: string) =>
      withRegistry(async (registry) => {
        const found = registry.get(licence);
        if (!found) throw new ParticipantCommandError('WASL_ERR_UNKNOWN_PARTICIPANT', `no participant with licence "${licence}"`);
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
      }),
    );

  participant
    .command('add')
    .description('onboard a participant (status active, delivery poll unless --push)')
    .argument('<licence>')
    .requiredOption('--role <role>', 'provider, payer, regulator or admin')
    .option('--name <displayName>', 'display name (default: the licence)')
    .option('--key <file>', 'its public JWK (EC P-384 or RSA >= 2048), e.g. from the hospital')
    .option('--generate-key', 'make an ES384 key pair here: the private key goes to WASL_DATA_DIR/keys (development)')
    .option('--cert-sha256 <fingerprint>', 'SHA-256 fingerprint of its client certificate (AA:BB:...)')
    .option('--push <url>', 'deliver by push to this endpoint instead of poll')
    .option('--rpm <n>', 'requests per minute (default: WASL_RATE_LIMIT_PER_MINUTE)', wholeNumber)
    .option('--json', 'print the registered record as JSON')
    .action((licence: string, options: AddOptions) =>
      withRegistry(async (registry) => {
        if (options.key && options.generateKey) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', 'give --key or --generate-key, not both');
        const generated = options.generateKey ? await newLocalKey(config().dataDir, licence, 'exclusive') : undefined;
        const publicJwk = generated ? publicJwkOf(generated.privateJwk) : options.key ? await readJwkFile(options.key) : undefined;
        const record = withDefaults({
          licence,
          role: options.role,
          displayName: options.name ?? licence,
          credentials: { ...(publicJwk ? { publicJwk } : {}), ...(options.certSha256 ? { certificateSha256: options.certSha256 } : {}) },
          ...(options.push ? { delivery: { mode: 'push', endpoint: options.push } } : {}),
          ...(options.rpm !== undefined ? { limits: { requestsPerMinute: options.rpm } } : {}),
        });
        const result = await registry.add(record);
        report(licence, result, options.json === true);
        if (generated) await generated.save();
        if (generated && !options.json) process.stdout.write(`private key: ${generated.file} (mode 0600)\n`);
      }),
    );

  participant
    .command('block')
    .description('refuse it on every authenticated route (GE-00029 payer, GE-00030 provider)')
    .argument('<licence>')
    .action((licence: string) => withRegistry(async (registry) => report(licence, await registry.block(licence))));

  participant
    .command('unblock')
    .description('let a blocked participant back in')
    .argument('<licence>')
    .action((licence: string) => withRegistry(async (registry) => report(licence, await registry.unblock(licence))));

  participant
    .command('set-delivery')
    .description('poll, or push to an endpoint (an absolute http(s) URL)')
    .argument('<licence>')
    .argument('<mode>', 'poll or push')
    .argument('[endpoint]', 'with push: where messages are POSTed')
    .action((licence: string, mode: string, endpoint: string | undefined) =>
      withRegistry(async (registry) => {
        if (mode === 'poll' && endpoint !== undefined) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', 'poll takes no endpoint');
        const delivery = mode === 'push' ? { mode, ...(endpoint !== undefined ? { endpoint } : {}) } : { mode };
        report(licence, await registry.change(licence, { delivery }));
      }),
    );

  participant
    .command('set-limits')
    .description("its requests per minute, or --default for the gateway's WASL_RATE_LIMIT_PER_MINUTE")
    .argument('<licence>')
    .option('--rpm <n>', 'requests per minute', wholeNumber)
    .option('--default', 'no limit of its own')
    .action((licence: string, options: { rpm?: number; default?: boolean }) =>
      withRegistry(async (registry) => {
        if ((options.rpm === undefined) === (options.default !== true)) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', 'give --rpm <n> or --default');
        report(licence, await registry.change(licence, { limits: options.rpm === undefined ? {} : { requestsPerMinute: options.rpm } }));
      }),
    );

  participant
    .command('rotate-key')
    .description('replace its registered public key: from a JWK file, or --generate-key (the local private key is replaced)')
    .argument('<licence>')
    .argument('[file]', 'the new public JWK')
    .option('--generate-key', 'make a new ES384 key pair here (development)')
    .action((licence: string, file: string | undefined, options: { generateKey?: boolean }) =>
      withRegistry(async (registry) => {
        if ((file === undefined) === (options.generateKey !== true)) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', 'give a JWK file or --generate-key');
        const generated = options.generateKey ? await newLocalKey(config().dataDir, licence, 'replace') : undefined;
        const publicJwk = generated ? publicJwkOf(generated.privateJwk) : await readJwkFile(file as string);
        report(licence, await registry.rotateKey(licence, publicJwk));
        if (generated) {
          await generated.save();
          process.stdout.write(`private key: ${generated.file} (mode 0600, replaced)\n`);
        }
      }),
    );
  return participant;
}

/** Prints what changed (the ledger's detail and entry) or throws the refusal. */
function report(licence: string, result: ChangeResult, json = false): Participant {
  if (!result.ok) throw new ParticipantCommandError(result.code, `${result.field ? `${result.field}: ` : ''}${result.problem}`);
  if (json) process.stdout.write(`${JSON.stringify(result.participant, null, 2)}\n`);
  else if (result.detail === '') process.stdout.write(`${licence}: no change\n`);
  else process.stdout.write(`${licence}: ${result.detail} (ledger entry ${result.ledgerSeq})\n`);
  return result.participant;
}

function listing(all: readonly Participant[]): string {
  const rows = all.map((p) => [p.licence, p.role, p.status, p.delivery.mode === 'push' ? `push ${p.delivery.endpoint}` : 'poll', p.displayName]);
  const header = ['LICENCE', 'ROLE', 'STATUS', 'DELIVERY', 'NAME'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line), `${all.length} participant(s)`].join('\n');
}

async function readJwkFile(file: string): Promise<JWK> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (problem) {
    throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', `cannot read ${file}: ${(problem as NodeJS.ErrnoException).code ?? String(problem)}`);
  }
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', `${file} is not JSON (expected a public JWK)`);
  }
}

/** A new ES384 key pair whose private half is saved under keys/ only once the registry took the public half. */
async function newLocalKey(dataDir: string, licence: string, how: 'exclusive' | 'replace'): Promise<{ privateJwk: JWK; file: string; save(): Promise<void> }> {
  const file = participantKeyPath(dataDir, licence);
  // Checked before anything is registered; the exclusive write below still guards a race.
  if (how === 'exclusive' && existsSync(file)) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', `${file} exists already: give --key, or remove the file`);
  const privateJwk = await generatePrivateJwk('ES384');
  const text = `${JSON.stringify(privateJwk, null, 2)}\n`;
  return {
    privateJwk,
    file,
    async save() {
      await mkdir(securityPaths(dataDir).keysDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      if (how === 'replace') await writeFileAtomic(file, text, PRIVATE_FILE_MODE);
      else if (!(await writeFileExclusive(file, text, PRIVATE_FILE_MODE))) throw new ParticipantCommandError('WASL_ERR_INVALID_PARTICIPANT', `${file} exists already; registered with the new key, which is not saved`);
    },
  };
}

function wholeNumber(value: string): number {
  const n = Number(value);
  // A usage error (exit 2), like any bad option.
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}
