/**
 * `wasl keys list` and `wasl keys rotate` (issue 11, item 4). Rotation appends a new ES256 key to
 * the gateway key file and makes it active; running gateways sign with it within about a second
 * (GatewayKeyRing) and keep publishing the old public keys, so earlier signatures still verify.
 * Only key ids are printed, never key material.
 */
import type { Command } from 'commander';
import type { GatewayConfig } from '../config.js';
import { listGatewayKeys, rotateGatewayKey, type GatewayKeySummary, type RotateOptions } from '../security/key-rotation.js';

export interface KeysCommandHooks {
  /** Passed to rotateGatewayKey: e.g. append the key change to the ledger. */
  readonly onRotated?: RotateOptions['onRotated'];
}

export function keysListing(keys: readonly GatewayKeySummary[], json: boolean): string {
  if (json) return JSON.stringify(keys, null, 2);
  return [...keys.map((k) => `${k.active ? '*' : ' '} ${k.kid}  ${k.alg}${k.active ? '  (active: signs new messages and tokens)' : ''}`), `${keys.length} key(s), oldest first; all are published in the JWKS`].join('\n');
}

/** Adds `keys` to `program`; declared through it so the subcommands inherit its exit-code handling. */
export function registerKeysCommand(program: Command, config: () => GatewayConfig, hooks: KeysCommandHooks = {}): Command {
  const keys = program.command('keys').description("the gateway's signing keys (WASL_DATA_DIR/keys/gateway.private.jwk.json)");
  keys
    .command('list')
    .description('list the gateway signing keys, oldest first, and which one is active')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      process.stdout.write(`${keysListing(await listGatewayKeys(config().dataDir), options.json === true)}\n`);
    });
  keys
    .command('rotate')
    .description('add a new ES256 signing key and make it active; old keys stay published so earlier signatures still verify')
    .option('--json', 'machine-readable output: kid, previous and the keys')
    .action(async (options: { json?: boolean }) => {
      const rotation = await rotateGatewayKey(config().dataDir, hooks.onRotated ? { onRotated: hooks.onRotated } : {});
      process.stdout.write(
        options.json
          ? `${JSON.stringify(rotation, null, 2)}\n`
          : `new active key: ${rotation.kid}\nprevious key:   ${rotation.previous} (still published, verifies earlier signatures)\nrunning gateways sign with the new key within a second; ${rotation.keys.length} key(s) in the JWKS\n`,
      );
    });
  return keys;
}
