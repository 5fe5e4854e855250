/** RFC 9162 Merkle tree: roots, inclusion and consistency proofs against a naive reference MTH. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash, MerkleTree, nodeHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';

const entryHash = (i: number) => createHash('sha256').update(`entry-${i}`).digest('hex');

/** MTH straight from RFC 9162 section 2.1.1, recursive over the leaves. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('MerkleTree', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => leafHash(entryHash(i + 1)));
  const tree = new MerkleTree();
  for (const leaf of leaves) tree.append(leaf);

  it('the root of every size equals the reference MTH', () => {
    for (let n = 0; n <= leaves.length; n += 1) expect(tree.root(n).toString('hex')).toBe(referenceRoot(leaves.slice(0, n)).toString('hex'));
  });

  it('every leaf has an inclusion proof in every tree that holds it; a wrong leaf, index or root fails', () => {
    for (let n = 1; n <= leaves.length; n += 1) {
      const root = tree.root(n);
      for (let i = 0; i < n; i += 1) {
        const path = tree.inclusionProof(i, n);
        expect(verifyInclusion(i, n, leaves[i]!, path, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(i, n, leaves[(i + 1) % n]!, path, root)).toBe(false);
      }
    }
    expect(verifyInclusion(3, 70, leaves[3]!, tree.inclusionProof(3, 70), tree.root(69))).toBe(false);
    expect(verifyInclusion(4, 70, leaves[3]!, tree.inclusionProof(3, 70), tree.root(70))).toBe(false);
  });

  it('every pair of sizes has a consistency proof; a tree that rewrote an early leaf fails it', () => {
    for (let m = 1; m <= leaves.length; m += 1) {
      for (let n = m; n <= leaves.length; n += 1) {
        expect(verifyConsistency(m, n, tree.root(m), tree.root(n), tree.consistencyProof(m, n))).toBe(true);
      }
    }
    const forked = new MerkleTree();
    leaves.forEach((leaf, i) => forked.append(i === 5 ? leafHash(entryHash(999)) : leaf));
    expect(verifyConsistency(10, 70, tree.root(10), forked.root(70), forked.consistencyProof(10, 70))).toBe(false);
  });
});
