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

/**
 * Submits a payer's synchronous answer exactly as if the payer had posted it with its own
 * credentials, so it is validated, linked to its request and returned to the waiting provider (or
 * queued for it) by the same code. A not-processable answer becomes the OperationOutcome the payer
 * would have received; anything else thrown (the store is down) propagates, so the request is
 * pushed again later.
 */
export function answerThroughExchange(options: { exchange: Pick<Exchange, 'submit'>; catalogue: CodeCatalogue }): SubmitAnswer {
  const { exchange, catalogue } = options;
  return async ({ raw, parsed, payer }) => {
    try {
      return await exchange.submit({ raw, parsed, caller: { licence: payer }, language: 'en' });
    } catch (cause) {
      if (!(cause instanceof NotProcessable)) throw cause;
      return { status: catalogue.httpStatus(cause.code), body: JSON.stringify(operationOutcome(cause.findings, { catalogue, language: 'en' })) };
    }
  };
}
