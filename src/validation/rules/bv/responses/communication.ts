/**
 * CommunicationRequest (payer → provider) and Communication (provider → payer) rules: who sends
 * and receives, what the exchange is about, and note lengths.
 */
import { asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { each, licencesOf, organizationKind, resolved, resourceRule, tooLong } from './support.js';

const ABOUT_TYPES = ['Claim', 'ClaimResponse', 'Advanced Authorization'];

function aboutType(id: string, type: string): Rule {
  return resourceRule(id, [type], (r, report) => {
    for (const { node, i } of each(r.about)) {
      const about = asString(node.type);
      if (about !== undefined && !ABOUT_TYPES.includes(about)) report(`about[${i}].type`, `${type}.about.type ${about} is not Claim or Advanced Authorization`);
    }
  });
}
/**
 * BV-00233 "CommunicationRequest.about.type SHALL be "Claim" or "Advanced Authorization"". An advanced
 * authorization is a ClaimResponse resource, so that resource type is accepted too.
 */
export const BV_00233 = aboutType('BV-00233', 'CommunicationRequest');
/** BV-00234 "Communication.about.type SHALL be "Claim" or "Advanced Authorization"". */
export const BV_00234 = aboutType('BV-00234', 'Communication');

/** BV-00335 "CommunicationRequest.status SHALL have the fixed value "active"". */
export const BV_00335 = resourceRule('BV-00335', ['CommunicationRequest'], (r, report) => {
  if (r.status !== undefined && r.status !== 'active') report('status', 'status must be active');
});

function authorString(id: string, type: string): Rule {
  return resourceRule(id, [type], (r, report) => {
    for (const { node, i } of each(r.note)) if (tooLong(node.authorString, 100, 50)) report(`note[${i}].authorString`, 'longer than 100 (Arabic: 50) characters');
  });
}
/** BV-00319 "CommunicationRequest.note.authorString SHALL have maximum length of 100 English characters and 50 Arabic characters". */
export const BV_00319 = authorString('BV-00319', 'CommunicationRequest');
/** BV-00320 "Communication.note.authorString SHALL have maximum length of 100 English characters and 50 Arabic characters". */
export const BV_00320 = authorString('BV-00320', 'Communication');

/** BV-00514 "CommunicationRequest.recipient SHALL be a provider organization". */
export const BV_00514 = resourceRule('BV-00514', ['CommunicationRequest'], (r, report, scope) => {
  for (const { node, i } of each(r.recipient)) {
    const target = resolved(node, scope);
    if (target && organizationKind(target) !== 'provider') report(`recipient[${i}]`, 'the recipient is not a provider organization');
  }
});

/** BV-00515 "CommunicationRequest.sender SHALL be a payer organization". */
export const BV_00515 = resourceRule('BV-00515', ['CommunicationRequest'], (r, report, scope) => {
  const target = resolved(r.sender, scope);
  if (target && organizationKind(target) !== 'payer') report('sender', 'the sender is not a payer organization');
});

/** BV-00516 "CommunicationRequest.recipient SHALL match the MessageHeader.receiver". */
export const BV_00516 = resourceRule('BV-00516', ['CommunicationRequest'], (r, report, scope) => {
  const receivers = scope.message.envelope.receivers.map((l) => l.value);
  for (const { node, i } of each(r.recipient)) {
    const named = licencesOf(node, scope);
    if (named && receivers.length > 0 && !named.some((l) => receivers.includes(l))) report(`recipient[${i}]`, 'the recipient is not the MessageHeader receiver');
  }
});

/** BV-00517 "CommunicationRequest.sender SHALL match the MessageHeader.sender". */
export const BV_00517 = resourceRule('BV-00517', ['CommunicationRequest'], (r, report, scope) => {
  const sender = scope.message.envelope.sender?.value;
  const named = licencesOf(r.sender, scope);
  if (sender !== undefined && named && !named.includes(sender)) report('sender', 'the sender is not the MessageHeader sender');
});

export const COMMUNICATION_RULES: readonly Rule[] = [BV_00233, BV_00234, BV_00335, BV_00319, BV_00320, BV_00514, BV_00515, BV_00516, BV_00517];
