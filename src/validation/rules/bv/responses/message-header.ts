/**
 * MessageHeader rules decidable from one message: endpoints are URLs, the response element on
 * the right leg of an exchange, and messages addressed to NPHIES itself.
 */
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { each, headerRule, isPresent } from './support.js';

function isUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** BV-00177 "MessageHeader.source.endpoint SHALL contain a URL". */
export const BV_00177 = headerRule('BV-00177', (h, report) => {
  const endpoint = asObject(h.source)?.endpoint;
  if (endpoint !== undefined && !isUrl(endpoint)) report('source.endpoint', 'source.endpoint is not a URL');
});

/** BV-00218 "MessageHeader.destination.endpoint SHALL contain a URL". */
export const BV_00218 = headerRule('BV-00218', (h, report) => {
  for (const { node, i } of each(h.destination)) if (node.endpoint !== undefined && !isUrl(node.endpoint)) report(`destination[${i}].endpoint`, 'destination.endpoint is not a URL');
});

/**
 * BV-00247 "MessageHeader.response SHALL be provided, if the message is on the reponse leg of a message
 * exchange cycle". Which events are answers on the response leg is data (enforced/responses.json):
 * the synchronous answers, since a deferred answer delivered later may open a new leg (BV-00248).
 */
export const BV_00247 = headerRule('BV-00247', (h, report) => {
  if (!isPresent(asString(asObject(h.response)?.identifier))) report('response', 'an answer names the request it answers');
});

/**
 * BV-00248 "MessageHeader.response SHALL NOT be provided, if the message is on the request leg of a message
 * exchange cycle (e.g. deferred claim-response)". Applied to the request events (enforced/responses.json).
 */
export const BV_00248 = headerRule('BV-00248', (h, report) => {
  if (h.response !== undefined) report('response', 'a request carries no MessageHeader.response');
});

/** "NPHIES" in the rules is the hub: the configured gateway licence (WASL_GATEWAY_LICENCE). */
function receiverIsNphies(id: string): Rule {
  return headerRule(id, (h, report, _message, context) => {
    each(h.destination).forEach(({ node, i }) => {
      const value = asString(asObject(asObject(node.receiver)?.identifier)?.value);
      if (value !== undefined && value !== context.gatewayLicence) report(`destination[${i}].receiver`, `this message is addressed to the hub (${context.gatewayLicence})`);
    });
  });
}
/** BV-00360 "PaymentNotice MessageHeader.destination SHALL be "NPHIES"". */
export const BV_00360 = receiverIsNphies('BV-00360');
/** BV-00456 "MessageHeader.destination.receiver SHALL be "NPHIES" when MessageHeader.eventCoding.code is one of "poll-request", "payment-notice"." */
export const BV_00456 = receiverIsNphies('BV-00456');

export const MESSAGE_HEADER_RULES: readonly Rule[] = [BV_00177, BV_00218, BV_00247, BV_00248, BV_00360, BV_00456];
