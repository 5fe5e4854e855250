/**
 * `wasl cert issue <licence>` and `wasl cert revoke <licence|fingerprint>` (issue 13, item 2).
 * Issuing writes `<licence>.tls.key.pem` (0600) and `<licence>.tls.cert.pem` and registers the
 * certificate's fingerprint; revoking moves it to the participant's revoked list. Both go through
 * the registry port, opened by the caller, so a running gateway that follows the registry refuses
 * a revoked certificate without a restart.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { GatewayConfig } from '../config.js';
import { loadDevCa } from '../security/dev-pki.js';
import type { ParticipantRegistry } from '../security/participants/participant.js';
import { securityPaths } from '../security/paths.js';
import { issueCertificate, revokeCertificate } from '../security/tls/certificate-admin.js';

/** A registry a one-shot command may change, and how to let it go. */
export interface OpenedRegistry {
  readonly registry: Pick<ParticipantRegistry, 'get' | 'list' | 'upsert'>;
  close(): Promise<void>;
}

export type RegistryOpener = (config: GatewayConfig) => Promise<OpenedRegistry>;

interface IssueOptions {
  caCert?: string;
  caKey?: string;
  out?: string;
  json?: boolean;
}

export function registerCertCommand(program: Command, config: () => GatewayConfig, openRegistry: RegistryOpener): Command {
  const cert = program.command('cert').description("participants' TLS client certificates (mutual TLS)");
  cert
    .command('issue')
    .description('issue a client certificate from the development CA (or --ca-cert/--ca-key) and register its fingerprint')
    .argument('<licence>', 'the participant')
    .option('--ca-cert <file>', 'CA certificate (PEM); default WASL_DATA_DIR/pki/ca.pem')
    .option('--ca-key <file>', 'CA private key (PKCS#8 PEM, EC P-384); default WASL_DATA_DIR/pki/ca.key.pem')
    .option('--out <dir>', 'where the key and certificate are written; default WASL_DATA_DIR/keys')
    .option('--json', 'machine-readable output')
    .action(async (licence: string, options: IssueOptions) => {
      const cfg = config();
      const paths = securityPaths(cfg.dataDir);
      const ca = await loadDevCa({ certPem: await readFile(options.caCert ?? paths.caCert, 'utf8'), keyPem: await readFile(options.caKey ?? paths.caKey, 'utf8') });
      const opened = await openRegistry(cfg);
      try {
        const issued = await issueCertificate(opened.registry, licence, { ca, outDir: options.out ?? paths.keysDir });
        process.stdout.write(
          options.json
            ? `${JSON.stringify(issued, null, 2)}\n`
            : [
                `certificate: ${issued.certFile}`,
                `key:         ${issued.keyFile} (mode 0600)`,
                `fingerprint: ${issued.fingerprint256} (registered to ${licence})`,
                ...(issued.replaced ? [`revoked:     ${issued.replaced} (the certificate this one replaces)`] : []),
                '',
              ].join('\n'),
        );
      } finally {
        await opened.close();
      }
    });
  cert
    .command('revoke')
    .description("revoke a participant's current client certificate, named by licence or SHA-256 fingerprint")
    .argument('<licence-or-fingerprint>', 'a licence, or 64 hex digits (colons optional)')
    .action(async (target: string) => {
      const opened = await openRegistry(config());
      try {
        const revoked = await revokeCertificate(opened.registry, target);
        process.stdout.write(`revoked ${revoked.fingerprint256} of ${revoked.licence}; refused from now on (WASL_ERR_CERTIFICATE_REVOKED)\n`);
      } finally {
        await opened.close();
      }
    });
  return cert;
}
