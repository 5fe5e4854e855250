/**
 * `wasl verify <file>` (issue 11, item 3): checks the gateway's detached signature over a message
 * file's exact bytes, or, for a saved poll-response without `--signature`, every nested message
 * against the signature beside it. Keys come from the gateway's `/.well-known/jwks.json` (or a JWKS
 * URL or file). Exit 0 when every signature is valid, 1 otherwise (code and reason on stderr).
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { GatewayConfig } from '../config.js';
import type { SignatureVerdict } from '../security/message-verification.js';
import { JwksSource } from '../client/jwks-source.js';
import { verifyDelivered, verifyPollResponseText, type NestedVerification } from '../client/verify-messages.js';

export interface VerifyOptions {
  readonly signature?: string;
  readonly signatureFile?: string;
  readonly jwks?: string;
  readonly gateway?: string;
  readonly json?: boolean;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string[];
}

/** What `wasl verify` prints and whether it passed; `gatewayUrl` is the default JWKS origin. */
export async function verifyFile(file: string, options: VerifyOptions, gatewayUrl: string): Promise<VerifyReport> {
  const bytes = await readFile(file);
  const keys = keySource(options, gatewayUrl);
  const jws = options.signature ?? (options.signatureFile ? (await readFile(options.signatureFile, 'utf8')).trim() : undefined);
  if (jws !== undefined) return single(file, await verifyDelivered(bytes, jws, keys), options.json === true);
  const nested = await nestedOrUndefined(bytes, keys);
  if (nested === undefined || nested.length === 0) {
    const verdict: SignatureVerdict = { ok: false, code: 'WASL_ERR_SIGNATURE_REQUIRED', reason: 'no --signature or --signature-file given, and the file is not a poll-response with nested messages' };
    return single(file, verdict, options.json === true);
  }
  return several(file, nested, options.json === true);
}

function keySource(options: VerifyOptions, gatewayUrl: string): JwksSource {
  if (options.jwks === undefined) return JwksSource.fromUrl(options.gateway ?? gatewayUrl);
  return /^https?:\/\//i.test(options.jwks) ? JwksSource.fromUrl(options.jwks) : JwksSource.fromFile(options.jwks);
}

async function nestedOrUndefined(bytes: Buffer, keys: JwksSource): Promise<NestedVerification[] | undefined> {
  try {
    return await verifyPollResponseText(bytes.toString('utf8'), keys);
  } catch (problem) {
    if (problem instanceof SyntaxError) return undefined;
    throw problem;
  }
}

function single(file: string, verdict: SignatureVerdict, json: boolean): VerifyReport {
  const stdout = json ? JSON.stringify({ file, ...verdict }, null, 2) : verdict.ok ? `${file}: valid signature, key ${verdict.kid}` : '';
  return { ok: verdict.ok, stdout, stderr: verdict.ok ? [] : [`${file}: ${verdict.code}: ${verdict.reason}`] };
}

function several(file: string, nested: readonly NestedVerification[], json: boolean): VerifyReport {
  const ok = nested.every((n) => n.verdict.ok);
  const name = (n: NestedVerification) => `${file} Task.output[${n.output}] (Bundle ${n.bundleId ?? n.reference})`;
  const stdout = json
    ? JSON.stringify({ file, ok, messages: nested.map((n) => ({ output: n.output, reference: n.reference, bundleId: n.bundleId, ...n.verdict })) }, null, 2)
    : [...nested.filter((n) => n.verdict.ok).map((n) => `${name(n)}: valid signature, key ${n.verdict.ok ? n.verdict.kid : ''}`), `${nested.filter((n) => n.verdict.ok).length} of ${nested.length} nested message(s) verified`].join('\n');
  const stderr = nested.flatMap((n) => (n.verdict.ok ? [] : [`${name(n)}: ${n.verdict.code}: ${n.verdict.reason}`]));
  return { ok, stdout, stderr };
}

/** Adds `verify` to `program`. */
export function registerVerifyCommand(program: Command, config: () => GatewayConfig): Command {
  return program
    .command('verify')
    .description("verify the gateway's detached signature over a message file, or every nested message of a saved poll-response")
    .argument('<file>', 'the message exactly as received (or a poll-response)')
    .addOption(new Option('--signature <jws>', 'the detached JWS (the x-jws-signature header)').conflicts('signatureFile'))
    .option('--signature-file <file>', 'a file holding the detached JWS')
    .option('--jwks <url-or-file>', 'JWKS to verify against (default: <gateway>/.well-known/jwks.json)')
    .addOption(new Option('--gateway <url>', 'gateway base URL whose JWKS to fetch').env('WASL_URL'))
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: VerifyOptions) => {
      const report = await verifyFile(file, options, options.gateway ?? config().publicUrl);
      if (report.stdout) process.stdout.write(`${report.stdout}\n`);
      for (const line of report.stderr) process.stderr.write(`wasl verify: ${line}\n`);
      process.exitCode = report.ok ? 0 : 1;
    });
}
