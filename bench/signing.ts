/**
 * What a detached message signature costs per message (issue 11, "bench/ reports what signing adds"):
 * sign and verify of one 10 KB FHIR-like body, in µs, on this machine. Run: `npx tsx bench/signing.ts`.
 * The body is synthetic (no patient identifiers). Rounds of sign, verify and a baseline (SHA-256 of the
 * same bytes, which the ledger computes anyway) are interleaved, best and median reported, so a noisy
 * neighbour on a shared machine shows up as spread and in the baseline rather than as a wrong figure.
 */
import { createHash } from 'node:crypto';
import { generatePrivateJwk, publicJwkOf } from '../src/security/jwk.js';
import { MessageSigner } from '../src/security/message-signing.js';
import { DetachedVerifier } from '../src/security/message-verification.js';

const SIZE = 10 * 1024;
const PER_ROUND = 2_000;
const ROUNDS = 7;

function syntheticBody(size: number): Buffer {
  const filler = 'x'.repeat(size);
  const text = JSON.stringify({ resourceType: 'Bundle', id: 'bench-0001', type: 'message', entry: [{ resource: { resourceType: 'Claim', note: filler } }] });
  return Buffer.from(text.slice(0, size - 3) + '"}}', 'utf8');
}

type Cost = { best: number; median: number };

function timeRound(run: () => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) run();
  return Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND;
}

/** µs per call of each named operation, rounds interleaved so they share the machine's moments of load. */
function microsPerCall(operations: Record<string, () => void>): Record<string, Cost> {
  const rounds: Record<string, number[]> = {};
  for (const [name, run] of Object.entries(operations)) {
    for (let i = 0; i < 200; i++) run(); // warm up the JIT and OpenSSL's tables
    rounds[name] = [];
  }
  for (let r = 0; r < ROUNDS; r++) for (const [name, run] of Object.entries(operations)) rounds[name]!.push(timeRound(run));
  return Object.fromEntries(
    Object.entries(rounds).map(([name, times]) => {
      times.sort((a, b) => a - b);
      return [name, { best: times[0]!, median: times[Math.floor(ROUNDS / 2)]! }];
    }),
  );
}

const privateJwk = await generatePrivateJwk('ES256');
const signer = MessageSigner.fromPrivateJwk(privateJwk);
const verifier = new DetachedVerifier({ keys: [publicJwkOf(privateJwk)] });
const body = syntheticBody(SIZE);
const jws = signer.sign(body);
if (!verifier.verify(jws, body).ok) throw new Error('bench: the signature does not verify');

const costs = microsPerCall({
  sign: () => void signer.sign(body),
  verify: () => void verifier.verify(jws, body),
  'sha-256 (baseline)': () => void createHash('sha256').update(body).digest(),
});
const fmt = (c: Cost) => `${c.median.toFixed(1).padStart(7)} µs median, ${c.best.toFixed(1).padStart(7)} µs best`;
process.stdout.write(
  [
    `detached JWS ES256 over ${body.length} bytes, ${ROUNDS} interleaved rounds of ${PER_ROUND} (node ${process.version})`,
    ...Object.entries(costs).map(([name, cost]) => `  ${`${name}:`.padEnd(20)}${fmt(cost)}`),
    '',
  ].join('\n'),
);
