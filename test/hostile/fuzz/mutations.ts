/**
 * The fuzz generator: mutation families with their weights. Request `index` of a run with
 * seed `seed` is always the same request, so a failure is rebuilt from the two numbers.
 */
import { Random } from './prng.js';
import * as body from './body-families.js';
import * as http from './http-families.js';
import * as identity from './identity-families.js';
import type { Family, FuzzContext, FuzzRequest } from './types.js';

/** Weights: most requests damage an official sample; the size family is rare (it sends up to ~1.3 MB). */
export const FAMILIES: readonly (readonly [number, Family])[] = [
  [24, body.sampleMutation],
  [6, body.headerMutation],
  [6, body.truncation],
  [3, body.bom],
  [4, body.badUtf8],
  [5, body.duplicateKeys],
  [4, body.pollution],
  [4, body.nesting],
  [4, body.syntax],
  [4, body.flips],
  [2, body.noise],
  [1, body.nearLimit],
  [7, identity.forgedParties],
  [7, identity.badToken],
  [3, http.contentType],
  [5, http.methodAndPath],
  [4, http.tokenForm],
  [3, http.subscription],
  [1, http.metrics],
  [1, http.rawHttp],
];

/** Header noise laid over any family's request: languages, request ids, encodings a client may send. */
const NOISE: readonly (readonly [string, readonly string[]])[] = [
  ['accept-language', ['ar', 'ar-SA,ar;q=0.9,en;q=0.8', 'en', '*', 'xx', ';q=', 'ar;q=abc', 'a'.repeat(4000)]],
  ['x-request-id', ['', '1', 'x'.repeat(5000), '../../etc/passwd', '<script>', '%00']],
  ['accept', ['application/fhir+xml', 'text/html', '*/*', 'application/fhir+json;fhirVersion=3.0']],
  ['content-encoding', ['gzip', 'br', 'identity', 'x-unknown']],
  ['x-forwarded-for', ['10.0.0.1', '127.0.0.1, 10.0.0.2', 'garbage']],
];

export function generate(seed: number, index: number, ctx: FuzzContext): FuzzRequest {
  const random = new Random(seed, index);
  const request = random.weighted(FAMILIES)(random, ctx);
  if (request.raw || !random.chance(0.2)) return request;
  const [name, values] = random.pick(NOISE);
  const value = random.pick(values);
  return { ...request, note: `${request.note} [${name}: ${value.slice(0, 20)}]`, headers: { ...request.headers, [name]: value } };
}
