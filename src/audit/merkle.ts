/**
 * The Merkle tree over the ledger (RFC 9162 section 2.1, as Certificate Transparency): leaf i is
 * entry i+1's hash, leaf hash = SHA-256(0x00 || entry hash bytes), node = SHA-256(0x01 || left ||
 * right), and the tree of size n covers entries 1..n. A checkpoint signs the root of one size, so a
 * participant can check an inclusion proof for its own message, and a consistency proof that a later
 * checkpoint extends an earlier one, without reading anyone else's entries.
 *
 * Only perfect, aligned subtrees are stored (one growable column of 32-byte hashes per level, ~64
 * bytes per leaf in all); the root or a proof for any size is composed from them in O(log² n) hashes.
 */
import { createHash, hash } from 'node:crypto';

const HASH_BYTES = 32;

// One-shot hashing over a reused input buffer: a Hash object per node costs about twice as much,
// and building the tree at start hashes two nodes per ledger entry.
const leafInput = Buffer.alloc(1 + HASH_BYTES);
const nodeInput = Buffer.alloc(1 + 2 * HASH_BYTES);
nodeInput[0] = 0x01;

export function leafHash(entryHashHex: string): Buffer {
  if (leafInput.write(entryHashHex, 1, HASH_BYTES, 'hex') !== HASH_BYTES || entryHashHex.length !== 2 * HASH_BYTES) throw new RangeError('an entry hash is 64 hex digits');
  return hash('sha256', leafInput, 'buffer');
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return hash('sha256', nodeInput, 'buffer');
}

/** MTH({}): the hash of an empty tree. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** Hashes of one level, 32 bytes each, in one buffer that doubles when full (no object per hash). */
class HashColumn {
  #bytes = Buffer.alloc(HASH_BYTES * 1024);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_BYTES > this.#bytes.length) {
      const grown = Buffer.alloc(this.#bytes.length * 2);
      this.#bytes.copy(grown);
      this.#bytes = grown;
    }
    this.#bytes.set(hash, this.length * HASH_BYTES);
    this.length += 1;
  }

  at(index: number): Buffer {
    return this.#bytes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }
}

/** Largest power of two strictly below n (n > 1). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

export class MerkleTree {
  /** levels[h][i]: root of the perfect subtree over leaves [i·2^h, (i+1)·2^h). */
  readonly #levels: HashColumn[] = [new HashColumn()];

  get size(): number {
    return this.#levels[0]!.length;
  }

  /** Appends a leaf hash (see `leafHash`), completing the perfect subtrees it closes. */
  append(leaf: Uint8Array): void {
    let level = 0;
    let hash: Uint8Array = leaf;
    for (;;) {
      const column = this.#levels[level]!;
      column.push(hash);
      if (column.length % 2 === 1) return;
      hash = nodeHash(column.at(column.length - 2), column.at(column.length - 1));
      level += 1;
      if (this.#levels.length === level) this.#levels.push(new HashColumn());
    }
  }

  /** The root of the tree over the first `size` leaves (MTH(D[0:size])). */
  root(size = this.size): Buffer {
    this.#checkSize(size);
    return size === 0 ? EMPTY_ROOT : this.#subtree(0, size);
  }

  /** PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1; `index` counts from 0 (entry seq - 1). */
  inclusionProof(index: number, size = this.size): Buffer[] {
    this.#checkSize(size);
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
    const path: Buffer[] = [];
    this.#path(index, 0, size, path);
    return path;
  }

  /** PROOF(first, D[0:second]) of RFC 9162 section 2.1.4.1: the tree of size `second` extends the one of size `first`. */
  consistencyProof(first: number, second = this.size): Buffer[] {
    this.#checkSize(second);
    if (!Number.isInteger(first) || first < 1 || first > second) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
    const proof: Buffer[] = [];
    this.#subproof(first, 0, second, true, proof);
    return proof;
  }

  #checkSize(size: number): void {
    if (!Number.isInteger(size) || size < 0 || size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
  }

  /** MTH(D[start:end]); every left subtree met on the way is perfect and aligned, so it is stored. */
  #subtree(start: number, end: number): Buffer {
    const width = end - start;
    if (isPowerOfTwo(width) && start % width === 0) return this.#levels[Math.log2(width)]!.at(start / width);
    const k = splitPoint(width);
    return nodeHash(this.#subtree(start, start + k), this.#subtree(start + k, end));
  }

  // Proofs are collected leaf-first, as RFC 9162 orders them; recursion depth is at most log2(n).
  #path(index: number, start: number, end: number, into: Buffer[]): void {
    const width = end - start;
    if (width === 1) return;
    const k = splitPoint(width);
    if (index < k) {
      this.#path(index, start, start + k, into);
      into.push(this.#subtree(start + k, end));
    } else {
      this.#path(index - k, start + k, end, into);
      into.push(this.#subtree(start, start + k));
    }
  }

  #subproof(first: number, start: number, end: number, complete: boolean, into: Buffer[]): void {
    const width = end - start;
    if (first === width) {
      if (!complete) into.push(this.#subtree(start, end));
      return;
    }
    const k = splitPoint(width);
    if (first <= k) {
      this.#subproof(first, start, start + k, complete, into);
      into.push(this.#subtree(start + k, end));
    } else {
      this.#subproof(first - k, start + k, end, false, into);
      into.push(this.#subtree(start, start + k));
    }
  }
}

/** RFC 9162 section 2.1.3.2: does `path` prove leaf `index` (from 0) in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, path: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(Buffer.from(r), Buffer.from(root)) === 0;
}

/** RFC 9162 section 2.1.4.2: does `proof` show the tree of size `second` and root `secondRoot` extends the one of `first` and `firstRoot`? */
export function verifyConsistency(first: number, second: number, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && same(firstRoot, secondRoot);
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && same(fr, firstRoot) && same(sr, secondRoot);
}
