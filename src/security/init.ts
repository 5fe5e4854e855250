/**
 * `wasl init` for development: creates whatever security material is missing under the
 * data directory and leaves everything that exists alone. Running it twice creates nothing
 * the second time; an existing key is never replaced (files are created exclusively).
 */
import { mkdir } from 'node:fs/promises';
import { relative } from 'node:path';
import type { JWK } from 'jose';
import { DEMO_PARTICIPANTS, demoLicenceSystem, type DemoParticipant } from './demo-participants.js';
import { certificateFingerprint256, createDevCa, issueClientCertificate, loadDevCa, type DevCa, type DevCaPem } from './dev-pki.js';
import {
  InvalidFileError,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  PUBLIC_FILE_MODE,
  readJsonFile,
  readTextFile,
  writeFileExclusive,
} from './files.js';
import { GATEWAY_KEY_FILE_MODE, newGatewayKeyFile, parseGatewayKeyFile, serialiseGatewayKeyFile } from './gateway-keys.js';
import { generatePrivateJwk, publicJwkOf } from './jwk.js';
import { ensureHubSecret } from './keyed-hash.js';
import { parsePrivateJwk } from './local-keys.js';
import { FileParticipantRegistry } from './participants/file-registry.js';
import { participantCertPath, participantKeyPath, securityPaths, type SecurityPaths } from './paths.js';
import { issueServerCertificate } from './tls/dev-certificates.js';

export const DEFAULT_GATEWAY_LICENCE = 'NPHIES';

export interface InitOptions {
  /** Licence recorded in a new gateway key file (the access tokens' `iss`); default `NPHIES`. */
  readonly gatewayLicence?: string;
}

export interface InitReport {
  readonly dataDir: string;
  /** What this run created: paths relative to the data directory, participants as `participants.json#<licence>`. */
  readonly created: string[];
  /** What was already there and was left untouched, in the same notation. */
  readonly present: string[];
  /** Things worth telling the operator that are not errors. */
  readonly notes: string[];
}

export async function initDevelopment(dataDir: string, options: InitOptions = {}): Promise<InitReport> {
  const paths = securityPaths(dataDir);
  const report: InitReport = { dataDir, created: [], present: [], notes: [] };
  const record = (path: string, created: boolean) => (created ? report.created : report.present).push(relative(dataDir, path) || path);

  await mkdir(dataDir, { recursive: true });
  await mkdir(paths.pkiDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await mkdir(paths.keysDir, { recursive: true, mode: PRIVATE_DIR_MODE });

  const caPem = await ensureDevCa(paths, record);
  await ensureGatewayKeys(paths, options.gatewayLicence, record, report.notes);
  record(paths.hubSecret, await ensureHubSecret(dataDir));

  const registry = await FileParticipantRegistry.open(dataDir);
  let ca: DevCa | undefined;
  const loadCa = async () => (ca ??= await loadDevCa(caPem));
  await ensureServerCertificate(paths, loadCa, record);
  for (const demo of DEMO_PARTICIPANTS) {
    const entry = `${paths.participants}#${demo.licence}`;
    if (registry.get(demo.licence)) {
      // Registered already (perhaps with the participant's own key): its record is the operator's now.
      record(entry, false);
      continue;
    }
    const privateJwk = await ensureParticipantKey(dataDir, demo.licence, record);
    const publicJwk = publicJwkOf(privateJwk);
    const fingerprint = await ensureClientCertificate(dataDir, demo, publicJwk, loadCa, record);
    await registry.upsert({
      licence: demo.licence,
      licenceSystem: demoLicenceSystem(demo.role),
      role: demo.role,
      displayName: demo.displayName,
      status: 'active',
      credentials: { certificateSha256: fingerprint, publicJwk },
      delivery: { mode: 'poll' },
      limits: {},
    });
    record(entry, true);
  }
  return report;
}

type Recorder = (path: string, created: boolean) => void;

async function ensureDevCa(paths: SecurityPaths, record: Recorder): Promise<DevCaPem> {
  const [certPem, keyPem] = await Promise.all([readTextFile(paths.caCert), readTextFile(paths.caKey)]);
  if (certPem !== undefined && keyPem !== undefined) {
    record(paths.caCert, false);
    record(paths.caKey, false);
    return { certPem, keyPem };
  }
  if (certPem !== undefined || keyPem !== undefined) {
    const missing = certPem === undefined ? paths.caCert : paths.caKey;
    throw new InvalidFileError(missing, undefined, `missing while its pair exists; remove ${paths.pkiDir} to create a new development CA`);
  }
  const ca = await createDevCa();
  // Key first: a crash between the two writes leaves a state the check above reports clearly.
  if (!(await writeFileExclusive(paths.caKey, ca.keyPem, PRIVATE_FILE_MODE)) || !(await writeFileExclusive(paths.caCert, ca.certPem, PUBLIC_FILE_MODE))) {
    throw new InvalidFileError(paths.pkiDir, undefined, 'another `wasl init` created the development CA at the same time; run it again');
  }
  record(paths.caCert, true);
  record(paths.caKey, true);
  return ca;
}

/** The HTTPS listener's certificate for localhost (issue 13, item 2): made with its key, never replaced. */
async function ensureServerCertificate(paths: SecurityPaths, loadCa: () => Promise<DevCa>, record: Recorder): Promise<void> {
  const [certPem, keyPem] = await Promise.all([readTextFile(paths.serverCert), readTextFile(paths.serverKey)]);
  if (certPem !== undefined || keyPem !== undefined) {
    // Either file present: the operator's (or an earlier run's); a lone one is left for them to sort out.
    for (const [path, text] of [[paths.serverCert, certPem], [paths.serverKey, keyPem]] as const) if (text !== undefined) record(path, false);
    return;
  }
  const issued = await issueServerCertificate(await loadCa());
  if (await writeFileExclusive(paths.serverKey, issued.keyPem, PRIVATE_FILE_MODE)) record(paths.serverKey, true);
  if (await writeFileExclusive(paths.serverCert, issued.certPem, PUBLIC_FILE_MODE)) record(paths.serverCert, true);
}

async function ensureGatewayKeys(paths: SecurityPaths, licence: string | undefined, record: Recorder, notes: string[]): Promise<void> {
  const raw = await readJsonFile(paths.gatewayKeys);
  if (raw !== undefined) {
    const existing = parseGatewayKeyFile(paths.gatewayKeys, raw);
    if (licence !== undefined && licence !== existing.licence) {
      notes.push(`${relative(paths.dataDir, paths.gatewayKeys)} names the gateway "${existing.licence}", not "${licence}"; left unchanged`);
    }
    record(paths.gatewayKeys, false);
    return;
  }
  const file = await newGatewayKeyFile(licence ?? DEFAULT_GATEWAY_LICENCE);
  record(paths.gatewayKeys, await writeFileExclusive(paths.gatewayKeys, serialiseGatewayKeyFile(file), GATEWAY_KEY_FILE_MODE));
}

async function ensureParticipantKey(dataDir: string, licence: string, record: Recorder): Promise<JWK> {
  const path = participantKeyPath(dataDir, licence);
  const existing = await readJsonFile(path);
  if (existing !== undefined) {
    record(path, false);
    return parsePrivateJwk(path, existing);
  }
  const jwk = await generatePrivateJwk('ES384');
  if (await writeFileExclusive(path, `${JSON.stringify(jwk, null, 2)}\n`, PRIVATE_FILE_MODE)) {
    record(path, true);
    return jwk;
  }
  // Lost a race with a concurrent init: use the key that won.
  record(path, false);
  return parsePrivateJwk(path, await readJsonFile(path));
}

async function ensureClientCertificate(
  dataDir: string,
  demo: DemoParticipant,
  publicJwk: JWK,
  loadCa: () => Promise<DevCa>,
  record: Recorder,
): Promise<string> {
  const path = participantCertPath(dataDir, demo.licence);
  const existing = await readTextFile(path);
  if (existing !== undefined) {
    record(path, false);
    return certificateFingerprint256(existing);
  }
  const issued = await issueClientCertificate(await loadCa(), { licence: demo.licence, displayName: demo.displayName, publicJwk });
  if (await writeFileExclusive(path, issued.certPem, PUBLIC_FILE_MODE)) {
    record(path, true);
    return issued.fingerprint256;
  }
  record(path, false);
  return certificateFingerprint256((await readTextFile(path))!);
}
