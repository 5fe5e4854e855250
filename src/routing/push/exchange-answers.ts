/**
 * The glue between push delivery and the rest of the gateway: which participants are pushed to,
 * and how a payer's synchronous answer enters the exchange.
 */
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { NotProcessable } from '../../findings/not-processable.js';
import { operationOutcome } from '../../fhir/responses.js';
import type { Participant } from '../../security/participants/participant.js';
import type { Exchange } from '../exchange.js';
import type { PushTarget, SubmitAnswer } from './types.js';

/** Active payers in `push` mode (SPEC section 6: providers always poll). */
export function pushTargets(registry: { list(): readonly Participant[] }): PushTarget[] {
  const targets: PushTarget[] = [];
  for (const participant of registry.list()) {
    if (participant.role !== 'payer' || participant.status !== 'active' || participant.delivery.mode !== 'push') continue;
    targets.push({ licence: participant.licence, endpoint: participant.delivery.endpoint });
  }
  return targets;
}

/** Reads a body as the HTTP layer reads a posted one (BOM, UTF-8, duplicate keys, limits); throws `NotProcessable`. */
export type ReadBody = (bytes: Buffer) => { readonly raw: string; readonly parsed: unknown };

/**
 * Submits a payer's synchronous answer exactly as if the payer had posted it with its own
 * credentials: its bytes are read by the same guard as a posted body (a pushed answer with a
 * duplicate key or a BOM must not reach the provider either), then it is validated, linked to its
 * request and returned to the waiting provider (or queued for it) by the same code. Resolves
 * undefined when the bytes are plain JSON but not a message Bundle (the payer only took the
 * message). A not-processable answer becomes the OperationOutcome the payer would have received;
 * anything else thrown (the store is down) propagates, so the request is pushed again later.
 */
export function answerThroughExchange(options: { exchange: Pick<Exchange, 'submit'>; catalogue: CodeCatalogue; readBody: ReadBody }): SubmitAnswer {
  const { exchange, catalogue, readBody } = options;
  return async ({ bytes, payer }) => {
    try {
      const { raw, parsed } = readBody(bytes);
      if (!isMessageBundle(parsed)) return undefined;
      return await exchange.submit({ raw, parsed, caller: { licence: payer }, language: 'en' });
    } catch (cause) {
      if (!(cause instanceof NotProcessable)) throw cause;
      return { status: catalogue.httpStatus(cause.code), body: JSON.stringify(operationOutcome(cause.findings, { catalogue, language: 'en' })) };
    }
  };
}

function isMessageBundle(parsed: unknown): boolean {
  const bundle = parsed as { resourceType?: unknown; type?: unknown } | null;
  return typeof bundle === 'object' && bundle !== null && bundle.resourceType === 'Bundle' && bundle.type === 'message';
}
