/**
 * The `wasl` command line (SPEC section 11): init, start, token, payer-sim, send, poll, validate, rules, queue, keys, verify.
 * Every command reads WASL_DATA_DIR and the other WASL_* variables like the server does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import pino from 'pino';
import { cliConfig } from './cli-config.js';
import { startCluster } from '../cluster/primary.js';
import { createGateway } from '../gateway.js';
import { PayerSimulator } from '../payer-sim/simulator.js';
import { loadPolicy, PolicyError } from '../payer-sim/policy.js';
import { loadReasonCodes } from '../payer-sim/reason-codes.js';
import { initDevelopment } from '../security/init.js';
import { securityPaths } from '../security/paths.js';
import { issueLocalToken } from '../security/tokens.js';
import { localClient } from './local-client.js';
import { rulesReport, UnknownFamilyError } from './rules-command.js';
import { registerQueueCommand } from './queue-command.js';
import { registerArchiveCommand } from './archive-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerParticipantCommand } from './participant-command.js';
import { openCliRegistry, withCliRegistry } from './participant-registry.js';
import { registerCertCommand } from './cert-command.js';
import { openGatewayStore } from '../store/open-offline.js';
import { registerVerifyCommand } from './verify-command.js';
import { registerBenchCommand } from './bench-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { validateFiles } from './validate-command.js';
import { answerVerdict } from './answer-verdict.js';
import { pollOutput } from './poll-output.js';
import { freshCopy } from '../client/fresh-copy.js';
import { packagePath } from '../package-root.js';
import { auditCommand } from './audit-command.js';
import { registerTrainCommand } from './train-command.js';
import { registerReportCommand } from './report-command.js';

// `wasl rules | head`: the reader went away, which is not an error of ours; leave quietly.
process.stdout.on('error', (problem: NodeJS.ErrnoException) => {
  if (problem.code === 'EPIPE') process.exit(0);
  throw problem;
});

const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

/**
 * Exit codes: 0 success (and help, --version), 1 a refused or rejected message, an invalid file or a failure,
 * 2 a usage error. Commander exits 1 on usage errors by default; the override makes them 2, as set before the
 * commands are declared so each subcommand inherits it.
 */
const program = new Command('wasl')
  .description('Wasl: an NPHIES-style FHIR claims exchange gateway')
  .version(version, '-V, --version', 'print the version of wasl')
  .showHelpAfterError()
  .exitOverride((problem: CommanderError) => process.exit(problem.exitCode === 0 ? 0 : 2));

const config = cliConfig;

program
  .command('init')
  .description('create the development CA, the gateway signing key and the demo participants (idempotent)')
  .action(async () => {
    const { dataDir } = config();
    const report = await initDevelopment(dataDir);
    process.stdout.write(`data directory: ${dataDir}\ncreated: ${report.created.length}, already present: ${report.present.length}\n`);
    for (const item of report.created) process.stdout.write(`  + ${item}\n`);
    for (const note of report.notes) process.stdout.write(`  note: ${note}\n`);
    const pki = securityPaths(dataDir);
    // The development server certificate is made by init; HTTPS stays opt-in (behind a proxy, plain HTTP is right).
    process.stdout.write(`HTTPS with mutual TLS: start with\n  WASL_TLS_CERT=${pki.serverCert} WASL_TLS_KEY=${pki.serverKey} WASL_TLS_CLIENT_CA=${pki.caCert} npm start\n`);
  });

program
  .command('start')
  .description('start the gateway (runs init first when the data directory is new)')
  .addOption(new Option('-w, --workers <n>', 'gateway processes sharing the port and the store (default 1)').env('WASL_WORKERS').argParser((v) => Number.parseInt(v, 10)))
  .action(async (options: { workers?: number }) => {
    const cfg = config();
    if (!existsSync(join(cfg.dataDir, 'participants.json'))) {
      const report = await initDevelopment(cfg.dataDir);
      process.stdout.write(`first run: initialised ${cfg.dataDir} (${report.created.length} items: dev CA, gateway key, demo participants)\n`);
    }
    const workers = options.workers ?? cfg.workers;
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      process.stderr.write(`wasl start: --workers must be a whole number from 1 to 64, got ${String(options.workers)}\n`);
      process.exit(2);
    }
    let stopGateway: () => Promise<void>;
    let port = cfg.port;
    if (workers > 1) {
      // The workers read their configuration from the environment: the option wins over WASL_WORKERS.
      const running = await startCluster({ workers, env: { ...process.env, WASL_WORKERS: String(workers) }, log: (line) => process.stderr.write(`wasl: ${line}\n`) });
      stopGateway = () => running.stop();
    } else {
      const gateway = await createGateway(cfg, { logger: { level: cfg.logLevel } });
      await gateway.app.listen({ host: cfg.host, port: cfg.port });
      const address = gateway.app.server.address();
      port = typeof address === 'object' && address ? address.port : cfg.port;
      stopGateway = async () => {
        gateway.app.log.info('shutting down: finishing in-flight requests');
        await gateway.close();
      };
    }
    const scheme = cfg.tls.inbound ? 'https' : 'http';
    process.stdout.write(
      [
        `Wasl is listening on ${scheme}://${cfg.host}:${port} (data: ${cfg.dataDir}, store: ${cfg.redisUrl ? `Redis ${new URL(cfg.redisUrl).host}` : 'embedded LMDB'}${workers > 1 ? `, ${workers} worker processes` : ''})`,
        `  submit:  POST ${scheme}://${cfg.host}:${port}/$process-message   (Content-Type: application/fhir+json)`,
        ...(cfg.tls.inbound ? [`  mutual TLS: client certificates from ${cfg.tls.inbound.clientCaFile} (npm run -s wasl -- cert issue <licence>)`] : []),
        `  token:   npm run -s wasl -- token N-F-00001                (prints a bearer token for a demo participant)`,
        `  payer:   npm run -s wasl -- payer-sim                     (a reference payer answering from its queue)`,
        '',
      ].join('\n'),
    );
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await stopGateway();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('token')
  .description('print an access token for a local demo participant (for curl)')
  .argument('<licence>', 'participant licence, e.g. N-F-00001')
  .action(async (licence: string) => {
    const cfg = config();
    try {
      // The store's registry, as the gateway reads it: a participant added or re-keyed since `wasl init` is known.
      const opened = await openCliRegistry(cfg);
      try {
        process.stdout.write(`${await issueLocalToken(cfg.dataDir, licence, opened.registry)}\n`);
      } finally {
        await opened.close();
      }
    } catch (problem) {
      process.stderr.write(`wasl token: ${problem instanceof Error ? problem.message : String(problem)}\n`);
      process.exit(1);
    }
  });

program
  .command('payer-sim')
  .description('run the reference payer: poll, answer eligibility, prior authorization and claims')
  .option('-l, --licence <licence...>', 'payer licences to serve (default: every local payer)')
  .addOption(new Option('-u, --url <url>', 'gateway base URL').env('WASL_URL'))
  .option('--once', 'poll once, answer, and exit')
  .option('-w, --wait <seconds>', 'long poll: seconds the gateway may hold an empty poll (default 20; 0 with --once)', (v) => Number.parseInt(v, 10))
  .option('--max-attempts <n>', 'refused answers to one request before giving up and acknowledging it', (v) => Number.parseInt(v, 10), 3)
  .option('-p, --policy <file>', 'decide prior authorizations and claims by this policy file (README, "A payer with a policy") instead of approving all')
  .action(async (options: { licence?: string[]; url?: string; once?: boolean; wait?: number; maxAttempts: number; policy?: string }) => {
    const cfg = config();
    // Read before any poll: a wrong policy stops here with its code and field, never half-applied.
    let policy;
    try {
      policy = options.policy === undefined ? undefined : loadPolicy(options.policy, loadReasonCodes(cfg.schemasDir));
    } catch (problem) {
      if (!(problem instanceof PolicyError)) throw problem;
      process.stderr.write(`wasl payer-sim: ${problem.code} in ${String(options.policy)}: ${problem.message}\n`);
      process.exit(1);
    }
    const url = options.url ?? cfg.publicUrl;
    // The store's registry, read once: payers added since `wasl init` are served too.
    const { licences, clients } = await withCliRegistry(cfg, async (registry) => {
      const payers = options.licence ?? registry.list().filter((p) => p.role === 'payer').map((p) => p.licence);
      return { licences: payers, clients: await Promise.all(payers.map((licence) => localClient(cfg.dataDir, licence, url, undefined, registry))) };
    });
    const log = pino({ level: cfg.logLevel });
    // Events, statuses and codes only: no patient identifiers in the log.
    const sims = await Promise.all(
      licences.map(async (licence, i) => {
        const client = clients[i]!;
        return new PayerSimulator({
          client,
          maxAttempts: options.maxAttempts,
          ...(options.wait !== undefined ? { waitS: options.wait } : {}),
          ...(policy ? { policy, onDecision: (_message, decision) => log.debug({ payer: licence, decision: decision.decision, reason: decision.reason, rule: decision.ruleIndex, flipped: decision.flipped }, 'policy decision') } : {}),
          onAnswer: (event, status, verdict) => {
            if (verdict.ok) log.info({ payer: licence, event, status }, 'answered');
          },
          onRefused: (event, verdict, attempts) =>
            log.warn({ payer: licence, event, status: verdict.status, response: verdict.responseCode, codes: verdict.codes, attempts }, 'answer refused by the gateway'),
          onGiveUp: (event, attempts) => log.warn({ payer: licence, event, attempts }, 'gave up: request acknowledged without an accepted answer'),
          onError: (problem) => log.warn({ payer: licence, err: problem }, 'poll failed'),
        });
      }),
    );
    if (options.once) {
      for (const [i, sim] of sims.entries()) {
        const got = await sim.runOnce(options.wait ?? 0);
        await sim.stop();
        const { answered, refused, gaveUp, acknowledged } = sim.counts;
        process.stdout.write(
          got === 0
            ? `${licences[i]}: nothing was available\n`
            : `${licences[i]}: ${got} message(s): ${answered} answered, ${refused} refused, ${gaveUp} given up, ${acknowledged} acknowledged\n`,
        );
        if (refused > 0) process.exitCode = 1;
      }
      return;
    }
    process.stdout.write(`reference payer polling ${url} as ${licences.join(', ')}${options.policy ? ` with the policy ${options.policy}` : ''} (Ctrl-C to stop)\n`);
    for (const sim of sims) sim.start();
    const stop = async () => {
      await Promise.all(sims.map((s) => s.stop()));
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('send')
  .description('send a message file as a local participant and print the answer')
  .argument('<file>', 'FHIR message Bundle (JSON)')
  .requiredOption('--as <licence>', 'sending participant')
  .option('--fresh', 'send a copy with new Bundle.id, MessageHeader.id and Claim.identifier (a new submission, not a resend)')
  .addOption(new Option('-u, --url <url>', 'gateway base URL').env('WASL_URL'))
  .option('--json', 'print only the answer (JSON), without the HTTP status line')
  .action(async (file: string, options: { as: string; fresh?: boolean; url?: string; json?: boolean }) => {
    const cfg = config();
    const client = await withCliRegistry(cfg, (registry) => localClient(cfg.dataDir, options.as, options.url ?? cfg.publicUrl, undefined, registry));
    const text = await readMessageFile(file);
    const result = await client.send(options.fresh ? JSON.stringify(freshCopy(JSON.parse(text) as Record<string, unknown>)) : text);
    if (options.json) process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    else process.stdout.write(`HTTP ${result.status}\n${JSON.stringify(result.json, null, 2)}\n`);
    const verdict = answerVerdict(result.status, result.json);
    if (!verdict.accepted) {
      process.stderr.write(`wasl send: ${file} ${verdict.reason}\n`);
      process.exitCode = 1;
    }
  });

program
  .command('poll')
  .description("poll a local participant's queue and print what arrived")
  .argument('<licence>', 'polling participant')
  .option('-c, --count <n>', 'messages to fetch (1..100)', (v) => Number.parseInt(v, 10), 1)
  .option('--ack <bundleIds...>', 'acknowledge these delivered Bundle ids: each is removed if still queued; the gateway does not confirm which, so wasl prints the ids it asked for')
  .option('-w, --wait <seconds>', 'long poll: wait up to this long for a message when none is queued', (v) => Number.parseInt(v, 10))
  .addOption(new Option('-u, --url <url>', 'gateway base URL').env('WASL_URL'))
  .option('--print', 'print each fetched message Bundle in full')
  .option('-o, --out <dir>', 'save each fetched message Bundle as DIR/<Bundle.id>.json')
  .option('--json', 'machine-readable output: status, acknowledged (the ids it asked to acknowledge) and messages')
  .action(async (licence: string, options: { count: number; ack?: string[]; wait?: number; url?: string; print?: boolean; out?: string; json?: boolean }) => {
    const cfg = config();
    const client = await withCliRegistry(cfg, (registry) => localClient(cfg.dataDir, licence, options.url ?? cfg.publicUrl, undefined, registry));
    const acknowledged = options.ack ?? [];
    const { result, messages } = await client.poll({ count: options.count, acknowledge: acknowledged, ...(options.wait !== undefined ? { wait: options.wait } : {}) });
    const verdict = answerVerdict(result.status, result.json);
    if (!verdict.accepted) {
      process.stdout.write(`HTTP ${result.status}\n${JSON.stringify(result.json, null, 2)}\n`);
      process.stderr.write(`wasl poll: ${verdict.reason}\n`);
      process.exitCode = 1;
      return;
    }
    const text = await pollOutput({ status: result.status, messages, acknowledged, ...(options.print ? { print: true } : {}), ...(options.out ? { out: options.out } : {}), ...(options.json ? { json: true } : {}) });
    process.stdout.write(`${text}\n`);
  });

program
  .command('validate')
  .description('validate message files with the gateway\'s layers, without sending them')
  .argument('<files...>', 'FHIR message Bundles (JSON)')
  .option('--json', 'print the OperationOutcome instead of a table')
  .addOption(new Option('--lang <language>', 'display language').choices(['en', 'ar']).default('en'))
  .action(async (files: string[], options: { json?: boolean; lang: 'en' | 'ar' }) => {
    const cfg = config();
    const result = await validateFiles(files, { schemasDir: cfg.schemasDir, profilesDir: cfg.profilesDir, sbsFile: cfg.sbsFile, gatewayLicence: cfg.gatewayLicence, language: options.lang, ...(options.json ? { json: true } : {}) });
    process.stdout.write(`${result.output}\n`);
    for (const line of result.problems) process.stderr.write(`wasl validate: ${line}\n`);
    process.exitCode = result.failed ? 1 : 0;
  });

program
  .command('rules')
  .description('list every active official NPHIES rule: enforced (and by which test), not decidable from a message, or not yet')
  .option('-f, --family <family>', 'only this family (GE, BV, IC, IB, DT, RE, FR)')
  .addOption(new Option('-s, --status <status>', 'only this status').choices(['enforced', 'enforced-by-layer', 'not-decidable', 'not-yet']))
  .option('--totals', 'only the totals per family')
  .option('--json', 'machine-readable output')
  .action((options: { family?: string; status?: 'enforced' | 'enforced-by-layer' | 'not-decidable' | 'not-yet'; totals?: boolean; json?: boolean }, command: Command) => {
    try {
      process.stdout.write(`${rulesReport({ schemasDir: config().schemasDir, ...options })}\n`);
    } catch (problem) {
      if (problem instanceof UnknownFamilyError) command.error(`error: ${problem.message}`, { exitCode: 2, code: 'wasl.unknownFamily' });
      throw problem;
    }
  });

registerQueueCommand(program, config);
registerArchiveCommand(program, config);
// A rotation is recorded once, by the process that made it (not by every gateway that notices it).
registerKeysCommand(program, config, {
  onRotated: async (rotation) => {
    const store = await openGatewayStore(config());
    try {
      await store.appendLedger('key', { subject: rotation.kid, detail: `rotated from ${rotation.previous}` });
    } finally {
      await store.close();
    }
  },
});
registerVerifyCommand(program, config);
// The store's registry, as the gateway reads it: a running gateway follows the change without a restart.
registerCertCommand(program, config, openCliRegistry);
registerParticipantCommand(program, config);
registerBenchCommand(program);
registerSimulateCommand(program, config);
registerTrainCommand(program, config);
registerReportCommand(program, config);

/** The message file `wasl send` reads, with the file named when it cannot be read. */
async function readMessageFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(problem))}`, { cause: problem });
  }
}

program.addCommand(auditCommand());

program.parseAsync().catch((problem: unknown) => {
  const command = process.argv[2] && program.commands.some((c) => c.name() === process.argv[2]) ? ` ${process.argv[2]}` : '';
  process.stderr.write(`wasl${command}: ${problem instanceof Error ? problem.message : String(problem)}\n`);
  process.exit(1);
});
