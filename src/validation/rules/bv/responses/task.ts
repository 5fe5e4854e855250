/**
 * Task rules for cancel, status check and poll, requests and answers. The Task's event comes from
 * the MessageHeader; requester and owner are compared with the header's parties by licence.
 */
import { asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { each, isFuture, isPresent, licencesOf, resourceRule, tooLong, type Report, type RuleScope } from './support.js';

const TASK = ['Task'];
const REQUESTS = ['cancel-request', 'status-check', 'poll-request'];
const ANSWERS = ['cancel-response', 'status-response', 'referral-response'];

function eventOf(scope: RuleScope): string {
  return scope.message.event.code;
}

/** BV-00071 "Task reason code SHALL be mandatory, when the task is cancel" (the cancel request; the official cancel response 17b carries none). */
export const BV_00071 = resourceRule('BV-00071', TASK, (t, report, scope) => {
  if (eventOf(scope) === 'cancel-request' && firstCode(t.code) === 'cancel' && !isPresent(t.reasonCode)) report('reasonCode', 'a cancel Task gives its reason');
});

/** BV-00467 "Task.reasonCode SHALL be used only when the Task.code is one of ("cancel", "nullify")". */
export const BV_00467 = resourceRule('BV-00467', TASK, (t, report) => {
  const code = firstCode(t.code);
  if (isPresent(t.reasonCode) && code !== 'cancel' && code !== 'nullify') report('reasonCode', `a ${String(code)} Task has no reasonCode`);
});

/** BV-00216 "Task.input SHALL contain only one period element". */
export const BV_00216 = resourceRule('BV-00216', TASK, (t, report) => {
  const periods = each(t.input).filter(({ node }) => isPresent(node.valuePeriod));
  for (const { i } of periods.slice(1)) report(`input[${i}]`, 'Task.input holds one period only');
});

/** BV-00239 "Task.output.type SHALL be provided if Task.output element is used". */
export const BV_00239 = resourceRule('BV-00239', TASK, (t, report) => {
  for (const { node, i } of each(t.output)) if (!isPresent(node.type)) report(`output[${i}].type`, 'Task.output needs a type');
});

/** BV-00240 "Task.output.value SHALL be provided if Task.output element is used". */
export const BV_00240 = resourceRule('BV-00240', TASK, (t, report) => {
  for (const { node, i } of each(t.output)) if (!Object.keys(node).some((k) => k.startsWith('value'))) report(`output[${i}].value`, 'Task.output needs a value');
});

/** BV-00309 "Task.description SHALL have maximum length of 2000 characters". */
export const BV_00309 = resourceRule('BV-00309', TASK, (t, report) => {
  if (tooLong(t.description, 2000)) report('description', 'longer than 2000 characters');
});

/** BV-00329 "Task.intent SHALL use the fixed value "order"". */
export const BV_00329 = resourceRule('BV-00329', TASK, (t, report) => {
  if (t.intent !== undefined && t.intent !== 'order') report('intent', 'Task.intent must be order');
});

/** BV-00892 "Task.priority SHALL use the fixed value "routine"". */
export const BV_00892 = resourceRule('BV-00892', TASK, (t, report) => {
  if (t.priority !== undefined && t.priority !== 'routine') report('priority', 'Task.priority must be routine');
});

/** BV-00471 "Task.lastModified SHALL be less than or equal to current date". */
export const BV_00471 = resourceRule('BV-00471', TASK, (t, report, { context }) => {
  if (isFuture(t.lastModified, context.now())) report('lastModified', 'lastModified is in the future');
});

/** BV-00867 "Task.authoredOn SHALL not be in the future". */
export const BV_00867 = resourceRule('BV-00867', TASK, (t, report, { context }) => {
  if (isFuture(t.authoredOn, context.now())) report('authoredOn', 'authoredOn is in the future');
});

/** BV-00873 "Task.statusReason SHALL be used only when MessageHeader.eventCoding= "cancel-response"". */
export const BV_00873 = resourceRule('BV-00873', TASK, (t, report, scope) => {
  if (isPresent(t.statusReason) && eventOf(scope) !== 'cancel-response') report('statusReason', 'statusReason belongs to a cancel-response');
});

/** BV-00875 "Task.output.type SHALL be "error" when task.status= "failed" and MessageHeader.eventCoding= "referral-response", "status-response" or "cancel response"". */
export const BV_00875 = resourceRule('BV-00875', TASK, (t, report, scope) => {
  if (t.status !== 'failed' || !ANSWERS.includes(eventOf(scope))) return;
  for (const { node, i } of each(t.output)) {
    const code = firstCode(node.type);
    if (code !== undefined && code !== 'error') report(`output[${i}].type.coding[0].code`, 'a failed Task reports output type error');
  }
});

/** BV-00876 "If task.status = "failed" and MessageHeader.eventCoding= "cancel-response" then task.output or task.statusReason SHALL be provided". */
export const BV_00876 = resourceRule('BV-00876', TASK, (t, report, scope) => {
  if (t.status === 'failed' && eventOf(scope) === 'cancel-response' && !isPresent(t.output) && !isPresent(t.statusReason)) report('statusReason', 'a failed cancellation says why');
});

/** BV-00894 "Task.status SHALL be either "completed" or "failed" from the specified valueSet if MessageHeader.eventCoding="cancel-response" , "referral-response"or "status-response"". */
export const BV_00894 = resourceRule('BV-00894', TASK, (t, report, scope) => {
  if (ANSWERS.includes(eventOf(scope)) && t.status !== 'completed' && t.status !== 'failed') report('status', 'an answering Task is completed or failed');
});

/** BV-00895 "If Task.output exists and Task.code="cancel" or "referral", then Task.output.valueCodeableConcept shall be used." */
export const BV_00895 = resourceRule('BV-00895', TASK, (t, report) => {
  const code = firstCode(t.code);
  if (code !== 'cancel' && code !== 'referral') return;
  for (const { node, i } of each(t.output)) {
    const valueKey = Object.keys(node).find((k) => k.startsWith('value'));
    if (valueKey !== undefined && valueKey !== 'valueCodeableConcept') report(`output[${i}].${valueKey}`, `a ${code} Task answers with valueCodeableConcept`);
  }
});

/** BV-00907 "Task.status SHALL be "requested" from the specified valueSet if MessageHeader.eventCoding="status-check" , "cancel-request" or "poll-request"". */
export const BV_00907 = resourceRule('BV-00907', TASK, (t, report, scope) => {
  if (REQUESTS.includes(eventOf(scope)) && t.status !== 'requested') report('status', 'a requesting Task has status requested');
});

function taskCodeFor(id: string, events: readonly string[], allowed: readonly string[]): Rule {
  return resourceRule(id, TASK, (t, report, scope) => {
    if (events.includes(eventOf(scope)) && !allowed.includes(firstCode(t.code) ?? '')) report('code.coding[0].code', `event ${eventOf(scope)} needs Task.code ${allowed.join(' or ')}`);
  });
}
/** BV-00908 "Task.code SHALL be either "nullify" or "cancel" from the specified valueSet if MessageHeader.eventCoding= "cancel-request"". */
export const BV_00908 = taskCodeFor('BV-00908', ['cancel-request'], ['cancel', 'nullify']);
/** BV-00909 "Task.code SHALL be "status" from the specified valueSet if MessageHeader.eventCoding= "status-check" or "status-response"". */
export const BV_00909 = taskCodeFor('BV-00909', ['status-check', 'status-response'], ['status']);
/** BV-00910 "Task.code SHALL be "poll" from the specified valueSet if MessageHeader.eventCoding= "poll-request"". */
export const BV_00910 = taskCodeFor('BV-00910', ['poll-request'], ['poll']);

/** Compares the licence a Task party names with a MessageHeader party; silent when either is unknown. */
function partyMatches(
  id: string,
  element: 'requester' | 'owner',
  events: readonly string[],
  party: 'sender' | 'receiver',
): Rule {
  return resourceRule(id, TASK, (t, report: Report, scope) => {
    if (!events.includes(eventOf(scope))) return;
    const envelope = scope.message.envelope;
    const licence = party === 'sender' ? envelope.sender?.value : envelope.receivers[0]?.value;
    const named = licencesOf(t[element], scope);
    if (licence === undefined || named === undefined) return;
    if (!named.includes(licence)) report(element, `Task.${element} is not the MessageHeader ${party === 'sender' ? 'sender' : 'destination receiver'}`);
  });
}
/** BV-00912 "Task.requester SHALL match MessageHeader.sender if MessageHeader.eventCoding="cancel-request" , "status-check" or "poll-request"". */
export const BV_00912 = partyMatches('BV-00912', 'requester', REQUESTS, 'sender');
/** BV-00913 "Task.requester SHALL match MessageHeader.destination.receiver if MessageHeader.eventCoding="cancel-response" , "status-response" or "referral-response"". */
export const BV_00913 = partyMatches('BV-00913', 'requester', ANSWERS, 'receiver');
/** BV-00914 "Task.owner SHALL match MessageHeader.destination.receiver if MessageHeader.eventCoding="cancel-request" , "status-check" or "poll-request"". */
export const BV_00914 = partyMatches('BV-00914', 'owner', REQUESTS, 'receiver');
/** BV-00915 "Task.owner SHALL match MessageHeader.sender if MessageHeader.eventCoding="cancel-response" , "status-response" or "referral-response"." */
export const BV_00915 = partyMatches('BV-00915', 'owner', ANSWERS, 'sender');

/** BV-00936 "When MessageHeader.eventCoding= "referral-response" or "cancel response" then Task.output.type shall exist only if task.status= "failed" ." */
export const BV_00936 = resourceRule('BV-00936', TASK, (t: JsonObject, report, scope) => {
  const event = eventOf(scope);
  if ((event !== 'cancel-response' && event !== 'referral-response') || t.status === 'failed') return;
  for (const { node, i } of each(t.output)) if (isPresent(node.type)) report(`output[${i}].type`, `a ${asString(t.status) ?? 'non-failed'} answer has no output type`);
});

export const TASK_RULES: readonly Rule[] = [
  BV_00071, BV_00467, BV_00216, BV_00239, BV_00240, BV_00309, BV_00329, BV_00892, BV_00471, BV_00867, BV_00873, BV_00875,
  BV_00876, BV_00894, BV_00895, BV_00907, BV_00908, BV_00909, BV_00910, BV_00912, BV_00913, BV_00914, BV_00915, BV_00936,
];
