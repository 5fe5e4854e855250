/**
 * `wasl audit checkpoint` and `wasl audit prove` (issue 11, item 2): a participant's side of the
 * audit. Both trust nothing but the gateway's JWKS (fetched from <gateway>/.well-known/jwks.json,
 * or a saved JWKS file): the checkpoint's signature, the consistency of a later checkpoint with an
 * earlier one kept by the participant, and the inclusion of its own message's entries.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { checkpointClaims, verifyCheckpoint, type CheckpointClaims } from '../audit/checkpoint.js';
import { verifyProofDocument, type ProofDocument } from '../audit/inclusion-proof.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../audit/merkle.js';

type Jwks = { keys: JWK[] };

async function fetchJson<T>(url: string, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  } catch (problem) {
    throw new Error(`cannot reach ${url}: ${(problem as Error & { cause?: Error }).cause?.message ?? (problem as Error).message}`, { cause: problem });
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${codeOf(text)}`);
  return JSON.parse(text) as T;
}

/** The code and diagnostics of an OperationOutcome answer, or the raw text. */
function codeOf(text: string): string {
  try {
    const issue = (JSON.parse(text) as { issue?: { details?: { coding?: { code?: string }[] }; diagnostics?: string }[] }).issue?.[0];
    return [issue?.details?.coding?.[0]?.code, issue?.diagnostics].filter(Boolean).join(' ') || text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

const base = (gateway: string) => gateway.replace(/\/+$/, '');

async function loadJwks(options: { gateway?: string; jwks?: string }): Promise<{ jwks: Jwks; from: string }> {
  if (options.jwks) return { jwks: JSON.parse(await readFile(options.jwks, 'utf8')) as Jwks, from: options.jwks };
  if (!options.gateway) throw new Error('give --gateway <url> (or --jwks <file>) to check signatures against');
  const url = `${base(options.gateway)}/.well-known/jwks.json`;
  return { jwks: await fetchJson<Jwks>(url), from: url };
}

function describeCheckpoint(claims: CheckpointClaims, kid: string): string {
  return `checkpoint of ${claims.seq} entries (head ${claims.head}, root ${claims.root}) signed by ${claims.iss} with key ${kid} at ${new Date(claims.at).toISOString()}`;
}

function fail(command: string, message: string, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, reason: message, ...extra })}\n`);
  process.stderr.write(`wasl audit ${command}: ${message}\n`);
  process.exitCode = 1;
}

interface CheckpointOptions {
  gateway: string;
  jwks?: string;
  save?: string;
  compare?: string;
  json?: boolean;
}

async function checkpointAction(options: CheckpointOptions): Promise<void> {
  const json = options.json === true;
  const { jwks, from } = await loadJwks(options);
  const earlierJws = options.compare ? (await readFile(options.compare, 'utf8')).trim() : undefined;
  let currentJws: string;
  let consistency: { from: number; to: number; proof: string[]; headProof: string[] } | undefined;
  if (earlierJws) {
    // The consistency answer carries the checkpoint it was computed against: that one is compared.
    const earlierSeq = checkpointClaims(earlierJws).seq;
    const answer = await fetchJson<{ from: number; to: number; checkpoint: string; proof: string[]; headProof: string[] }>(`${base(options.gateway)}/audit/consistency?from=${earlierSeq}`);
    currentJws = answer.checkpoint;
    consistency = answer;
  } else {
    currentJws = (await fetchJson<{ checkpoint: string }>(`${base(options.gateway)}/audit/checkpoint`)).checkpoint;
  }
  const current = await verifyCheckpoint(currentJws, jwks);
  if (!current.ok) return fail('checkpoint', `${current.code}: ${current.reason} (keys from ${from})`, json);
  if (earlierJws && consistency) {
    const earlier = await verifyCheckpoint(earlierJws, jwks);
    if (!earlier.ok) return fail('checkpoint', `the saved checkpoint ${options.compare}: ${earlier.code}: ${earlier.reason}`, json);
    const a = earlier.claims;
    const b = current.claims;
    const consistent = a.seq > 0 && consistency.to === b.seq && verifyConsistency(a.seq, b.seq, Buffer.from(a.root, 'hex'), Buffer.from(b.root, 'hex'), consistency.proof.map((h) => Buffer.from(h, 'hex')));
    if (!consistent) return fail('checkpoint', `the gateway's history does not extend the saved checkpoint of ${a.seq} entries (root ${a.root}): the ledger was rewritten`, json);
    const headPath = (consistency.headProof ?? []).map((h) => Buffer.from(h, 'hex'));
    if (!verifyInclusion(a.seq - 1, b.seq, leafHash(a.head), headPath, Buffer.from(b.root, 'hex'))) {
      return fail('checkpoint', `entry ${a.seq} of the current history is not the head ${a.head} of the saved checkpoint`, json);
    }
  }
  if (options.save) await writeFile(options.save, `${currentJws}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ ok: true, kid: current.kid, ...current.claims, checkpoint: currentJws, ...(consistency ? { consistentWith: consistency.from } : {}) })}\n`);
  else {
    process.stdout.write(`${describeCheckpoint(current.claims, current.kid)}: signature verified against ${from}\n`);
    if (consistency) process.stdout.write(`consistent with the saved checkpoint of ${consistency.from} entries: the ledger only grew since\n`);
  }
}

interface ProveOptions {
  gateway?: string;
  jwks?: string;
  token?: string;
  file?: string;
  save?: string;
  json?: boolean;
}

async function proveAction(bundleId: string | undefined, options: ProveOptions): Promise<void> {
  const json = options.json === true;
  let doc: ProofDocument;
  if (options.file) doc = JSON.parse(await readFile(options.file, 'utf8')) as ProofDocument;
  else {
    if (!bundleId || !options.gateway || !options.token) throw new Error('give <bundleId> with --gateway <url> and --token <access token>, or --file <proof.json>');
    doc = await fetchJson<ProofDocument>(`${base(options.gateway)}/audit/proof/${encodeURIComponent(bundleId)}`, options.token);
  }
  if (bundleId && doc.bundleId !== bundleId) return fail('prove', `the proof is about Bundle ${doc.bundleId}, not ${bundleId}`, json);
  const { jwks, from } = await loadJwks(options);
  const verdict = await verifyProofDocument(doc, jwks);
  if (!verdict.ok) return fail('prove', `${verdict.code}: ${verdict.reason}`, json, verdict.seq !== undefined ? { seq: verdict.seq } : {});
  if (options.save) await writeFile(options.save, `${JSON.stringify(doc)}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ ok: true, bundleId: doc.bundleId, entries: doc.entries.map((e) => ({ seq: e.seq, kind: e.kind })), checkpoint: verdict.claims })}\n`);
  else {
    for (const entry of doc.entries) process.stdout.write(`entry ${entry.seq} ${entry.kind}${entry.n !== undefined ? ` #${entry.n}` : ''} at ${new Date(entry.at).toISOString()}: included\n`);
    process.stdout.write(`${verdict.entries} entries about Bundle ${doc.bundleId} proven in the ${describeCheckpoint(verdict.claims, verdict.kid)}; keys from ${from}\n`);
  }
}

export function registerCheckpointCommands(audit: Command): void {
  audit
    .command('checkpoint')
    .description("fetch the gateway's signed ledger checkpoint, verify it against its JWKS, and check it extends a checkpoint saved earlier")
    .requiredOption('--gateway <url>', 'gateway base URL')
    .option('--jwks <file>', 'verify against this JWKS file instead of <gateway>/.well-known/jwks.json')
    .option('--save <file>', 'keep the verified checkpoint (compact JWS) in this file')
    .option('--compare <file>', 'a checkpoint saved earlier: the current history must extend it (RFC 9162 consistency proof)')
    .option('--json', 'machine-readable output')
    .action(checkpointAction);

  audit
    .command('prove')
    .description('check that the ledger entries about one of your messages are in a signed checkpoint (inclusion proofs)')
    .argument('[bundleId]', 'Bundle.id of a message you sent or received')
    .option('--gateway <url>', 'gateway base URL (the proof and the JWKS are fetched from it)')
    .option('--token <token>', 'your access token (see `wasl token`)')
    .option('--file <proof.json>', 'check a saved proof instead of fetching one')
    .option('--jwks <file>', 'verify against this JWKS file')
    .option('--save <file>', 'keep the verified proof in this file')
    .option('--json', 'machine-readable output')
    .action(proveAction);
}
