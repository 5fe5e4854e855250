/**
 * The audit endpoints (SPEC section 7, issue 11 item 2).
 *
 * - `GET /audit/checkpoint`: public. A signed tree head says only how many entries the ledger holds
 *   and commits to their hashes; like Certificate Transparency's STHs it is meant to be gossiped, so
 *   anyone can notice the hub showing two histories. 200 {checkpoint: <compact JWS>, seq, head, root, at}.
 * - `GET /audit/consistency?from=M`: public, hashes only. The RFC 9162 consistency proof that the
 *   latest checkpoint's tree extends the tree of size M (1 <= M <= its size; else 400 WASL_ERR_AUDIT_BAD_SIZE),
 *   and `headProof`, the inclusion proof of entry M in it, so an earlier checkpoint's head hash is checked too.
 *   200 {from, to, checkpoint, proof: [hex], headProof: [hex]}.
 * - `GET /audit/proof/{bundleId}`: authenticated (bearer token). The ledger entries about that
 *   Bundle.id whose sender or recipient is the caller, each with its inclusion proof in a checkpoint
 *   covering it; another participant's message answers 404 WASL_ERR_AUDIT_UNKNOWN_BUNDLE, as one
 *   that does not exist (entries carry hashes and licences, not bodies, but who trades with whom is
 *   not public).
 * A ledger found broken beneath the index: 503 WASL_ERR_AUDIT_CHAIN_BROKEN (nothing is signed over it).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ChainBrokenError, type Checkpointer, type SignedCheckpoint } from '../../audit/checkpoint.js';
import type { AuditIndex } from '../../audit/audit-index.js';
import { proofDocument } from '../../audit/inclusion-proof.js';
import { notProcessable } from '../../findings/not-processable.js';
import type { LedgerEntry, LedgerStore } from '../../store/ports.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';

export interface AuditPluginOptions {
  readonly checkpointer: Checkpointer;
  readonly index: AuditIndex;
  readonly ledger: Pick<LedgerStore, 'readLedger'>;
  readonly verifier: AccessTokenVerifier;
}

/** A Bundle.id is a FHIR id; anything else cannot be one of ours. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export async function auditPlugin(app: FastifyInstance, options: AuditPluginOptions): Promise<void> {
  const { checkpointer, index, ledger } = options;

  app.get('/audit/checkpoint', async (_request, reply) => {
    const checkpoint = await signed(() => checkpointer.latest());
    return reply.header('cache-control', 'no-cache').send({ checkpoint: checkpoint.jws, ...checkpoint.claims });
  });

  app.get<{ Querystring: { from?: string } }>('/audit/consistency', async (request, reply: FastifyReply) => {
    const checkpoint = await signed(() => checkpointer.latest());
    const from = Number(request.query.from);
    if (!Number.isSafeInteger(from) || from < 1 || from > checkpoint.claims.seq) {
      throw notProcessable('WASL_ERR_AUDIT_BAD_SIZE', undefined, `from must be between 1 and ${checkpoint.claims.seq}`);
    }
    const proof = index.consistencyProof(from, checkpoint.claims.seq).map((hash) => hash.toString('hex'));
    // Entry `from` in the later tree: an earlier checkpoint's head hash must be that entry's hash.
    const headProof = index.inclusionProof(from, checkpoint.claims.seq).map((hash) => hash.toString('hex'));
    return reply.send({ from, to: checkpoint.claims.seq, checkpoint: checkpoint.jws, proof, headProof });
  });

  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', bearerAuthentication(options.verifier));
    authenticated.get<{ Params: { bundleId: string } }>('/audit/proof/:bundleId', async (request, reply) => {
      const { bundleId } = request.params;
      const caller = request.caller?.licence;
      await signed(() => index.catchUp().then(() => checkpointer.latest()));
      const entries = FHIR_ID.test(bundleId) && caller ? await ownEntries(ledger, await index.seqsOf(bundleId), caller, bundleId) : [];
      if (entries.length === 0) throw notProcessable('WASL_ERR_AUDIT_UNKNOWN_BUNDLE', undefined, `no ledger entry about Bundle ${bundleId} of ${caller ?? 'the caller'}`);
      const checkpoint = await signed(() => checkpointer.covering(entries.at(-1)!.seq));
      return reply.send(proofDocument(bundleId, checkpoint, entries.filter((entry) => entry.seq <= checkpoint.claims.seq), index));
    });
  });
}

/** Runs a signing step; a broken chain becomes its coded 503. */
async function signed(step: () => Promise<SignedCheckpoint>): Promise<SignedCheckpoint> {
  try {
    return await step();
  } catch (problem) {
    if (problem instanceof ChainBrokenError) throw notProcessable(problem.code, undefined, problem.detail);
    throw problem;
  }
}

async function ownEntries(ledger: Pick<LedgerStore, 'readLedger'>, seqs: readonly number[], caller: string, bundleId: string): Promise<LedgerEntry[]> {
  const own: LedgerEntry[] = [];
  for (const seq of seqs) {
    const [entry] = await ledger.readLedger(seq, 1);
    if (entry?.seq !== seq) continue;
    const facts = JSON.parse(entry.body) as { sender?: string; recipient?: string; bundleId?: string };
    // A rejected message never reached its addressee: its entries are its sender's alone, as its body is.
    const addressee = facts.recipient === caller && entry.kind !== 'rejected';
    if (facts.bundleId === bundleId && (facts.sender === caller || addressee)) own.push(entry);
  }
  return own;
}
