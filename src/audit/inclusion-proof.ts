/**
 * What `GET /audit/proof/{bundleId}` returns and `wasl audit prove` checks (issue 11, item 2):
 * the caller's ledger entries about one Bundle.id, each with its RFC 9162 inclusion proof in the
 * tree of a signed checkpoint. The verifier recomputes each entry's hash from its content, so a
 * proof is only as good as the entry it was served with: an altered entry fails.
 */
import type { JWK } from 'jose';
import { linkHash, sha256Hex } from '../store/ledger-chain.js';
import type { LedgerEntry } from '../store/ports.js';
import type { AuditIndex } from './audit-index.js';
import { verifyCheckpoint, type CheckpointClaims, type SignedCheckpoint } from './checkpoint.js';
import { leafHash, verifyInclusion } from './merkle.js';

/** A ledger entry (its facts exactly as hashed) with its inclusion proof. */
export interface ProvenEntry extends LedgerEntry {
  /** Sibling hashes (hex), leaf first, in the tree of `treeSize` leaves; the leaf index is seq - 1. */
  readonly proof: readonly string[];
}

export interface ProofDocument {
  readonly bundleId: string;
  readonly checkpoint: string;
  readonly treeSize: number;
  readonly root: string;
  readonly entries: readonly ProvenEntry[];
}

export function proofDocument(bundleId: string, checkpoint: SignedCheckpoint, entries: readonly LedgerEntry[], index: AuditIndex): ProofDocument {
  const { seq: treeSize, root } = checkpoint.claims;
  return {
    bundleId,
    checkpoint: checkpoint.jws,
    treeSize,
    root,
    entries: entries.map((entry) => ({
      ...entry,
      proof: index.inclusionProof(entry.seq, treeSize).map((hash) => hash.toString('hex')),
    })),
  };
}

export type ProofVerdict =
  | { readonly ok: true; readonly claims: CheckpointClaims; readonly kid: string; readonly entries: number }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly seq?: number };

export async function verifyProofDocument(doc: ProofDocument, jwks: { keys: readonly JWK[] }): Promise<ProofVerdict> {
  const checkpoint = await verifyCheckpoint(doc.checkpoint, jwks);
  if (!checkpoint.ok) return checkpoint;
  const { claims } = checkpoint;
  if (claims.seq !== doc.treeSize || claims.root !== doc.root) return { ok: false, code: 'WASL_ERR_AUDIT_PROOF_INVALID', reason: 'the tree size or root differs from the signed checkpoint' };
  const root = Buffer.from(claims.root, 'hex');
  for (const entry of doc.entries) {
    const recomputed = linkHash(entry.seq, entry.at, entry.kind, entry.n, entry.prev, sha256Hex(entry.body));
    if (recomputed !== entry.hash) return { ok: false, code: 'WASL_ERR_AUDIT_PROOF_INVALID', reason: `entry ${entry.seq} does not match its hash: it was altered`, seq: entry.seq };
    if (bundleIdOf(entry.body) !== doc.bundleId) return { ok: false, code: 'WASL_ERR_AUDIT_PROOF_INVALID', reason: `entry ${entry.seq} is not about Bundle ${doc.bundleId}`, seq: entry.seq };
    const path = entry.proof.map((hash) => Buffer.from(hash, 'hex'));
    if (!verifyInclusion(entry.seq - 1, claims.seq, leafHash(entry.hash), path, root)) {
      return { ok: false, code: 'WASL_ERR_AUDIT_PROOF_INVALID', reason: `entry ${entry.seq} is not in the signed tree of ${claims.seq} entries`, seq: entry.seq };
    }
  }
  return { ok: true, claims, kid: checkpoint.kid, entries: doc.entries.length };
}

function bundleIdOf(body: string): unknown {
  try {
    return (JSON.parse(body) as { bundleId?: unknown }).bundleId;
  } catch {
    return undefined;
  }
}
