/**
 * Where security material lives under the data directory. One place, so `wasl init`, the
 * gateway and `wasl token` cannot disagree about a file name.
 *
 *   <dataDir>/participants.json                  registry (public keys only)
 *   <dataDir>/pki/ca.pem, ca.key.pem             development CA (key 0600)
 *   <dataDir>/pki/server.pem, server.key.pem     development HTTPS server certificate (key 0600)
 *   <dataDir>/keys/gateway.private.jwk.json      gateway signing keys, a list for rotation (0600)
 *   <dataDir>/keys/hub-secret                    HMAC key for patient and practitioner keyed hashes (0600)
 *   <dataDir>/keys/<licence>.private.jwk.json    a local participant's assertion key (0600)
 *   <dataDir>/keys/<licence>.cert.pem            its client certificate, issued by the dev CA
 */
import { join } from 'node:path';
import { LICENCE_PATTERN } from './participants/parse.js';
import { PARTICIPANTS_FILE } from './participants/file-registry.js';

export interface SecurityPaths {
  readonly dataDir: string;
  readonly participants: string;
  readonly pkiDir: string;
  readonly caCert: string;
  readonly caKey: string;
  /** The gateway's development TLS certificate (WASL_TLS_CERT / WASL_TLS_KEY). */
  readonly serverCert: string;
  readonly serverKey: string;
  readonly keysDir: string;
  readonly gatewayKeys: string;
  readonly hubSecret: string;
}

export function securityPaths(dataDir: string): SecurityPaths {
  const pkiDir = join(dataDir, 'pki');
  const keysDir = join(dataDir, 'keys');
  return {
    dataDir,
    participants: join(dataDir, PARTICIPANTS_FILE),
    pkiDir,
    caCert: join(pkiDir, 'ca.pem'),
    caKey: join(pkiDir, 'ca.key.pem'),
    serverCert: join(pkiDir, 'server.pem'),
    serverKey: join(pkiDir, 'server.key.pem'),
    keysDir,
    gatewayKeys: join(keysDir, 'gateway.private.jwk.json'),
    hubSecret: join(keysDir, 'hub-secret'),
  };
}

export function participantKeyPath(dataDir: string, licence: string): string {
  return join(securityPaths(dataDir).keysDir, `${safeLicence(licence)}.private.jwk.json`);
}

export function participantCertPath(dataDir: string, licence: string): string {
  return join(securityPaths(dataDir).keysDir, `${safeLicence(licence)}.cert.pem`);
}

/** Licences reach file names from the command line: refuse anything that could leave `keys/`. */
function safeLicence(licence: string): string {
  if (!LICENCE_PATTERN.test(licence)) throw new RangeError(`"${licence}" is not a licence value`);
  return licence;
}
