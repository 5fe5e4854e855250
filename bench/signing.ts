/**
 * What a detached message signature costs per message (issue 11, "bench/ reports what signing adds"):
 * sign and verify of one 10 KB FHIR-like body, in µs, on this machine. Run: `npx tsx bench/signing.ts`.
 * The body is synthetic (no patient identifiers). Several rounds, best and median reported, so a
 * noisy neighbour on a shared machine shows up as spread rather than as a wrong figure.
 */
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

function microsPerCall(run: () => void): { best: number; median: number } {
  for (let i = 0; i < 200; i++) run(); // warm up the JIT and OpenSSL's tables
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) run();
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND);
  }
  rounds.sort((a, b) => a - b);
  return { best: rounds[0]!, median: rounds[Math.floor(ROUNDS / 2)]! };
}

const privateJwk = await generatePrivateJwk('ES256');
const signer = MessageSigner.fromPrivateJwk(privateJwk);
const verifier = new DetachedVerifier({ keys: [publicJwkOf(privateJwk)] });
const body = syntheticBody(SIZE);
const jws = signer.sign(body);
if (!verifier.verify(jws, body).ok) throw new Error('bench: the signature does not verify');

const signCost = microsPerCall(() => void signer.sign(body));
const verifyCost = microsPerCall(() => void verifier.verify(jws, body));
const fmt = (c: { best: number; median: number }) => `${c.median.toFixed(1)} µs median, ${c.best.toFixed(1)} µs best`;
process.stdout.write(
  [
    `detached JWS ES256 over ${body.length} bytes, ${ROUNDS} rounds of ${PER_ROUND} (node ${process.version})`,
    `  sign:   ${fmt(signCost)}`,
    `  verify: ${fmt(verifyCost)}`,
    '',
  ].join('\n'),
);
