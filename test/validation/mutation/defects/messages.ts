/**
 * Defects on the message around the claim: the MessageHeader, entry URLs, identifiers and names,
 * coverages, and the focal resources of the other events (Task, communications, payments).
 */
import { at, claimDefect, type Defect, defect, entryDefect, entryIndex, eventOf, focalDefect, text } from './kit.js';

export const MESSAGE_DEFECTS: readonly Defect[] = [
  defect('header', 'source-endpoint-not-a-url', (b) => {
    const header = b.entry[0].resource;
    if (!header.source?.endpoint) return undefined;
    header.source.endpoint = 'not a url';
    return { code: 'BV-00177', expression: 'Bundle.entry[0].resource.source.endpoint' };
  }),
  defect('header', 'destination-endpoint-not-a-url', (b) => {
    const header = b.entry[0].resource;
    if (!header.destination?.[0]?.endpoint) return undefined;
    header.destination[0].endpoint = 'not a url';
    return { code: 'BV-00218', expression: 'Bundle.entry[0].resource.destination[0].endpoint' };
  }),
  defect('header', 'request-carries-response', (b) => {
    const header = b.entry[0].resource;
    if (header.response !== undefined || /-response$/.test(eventOf(b))) return undefined;
    header.response = { identifier: crypto.randomUUID(), code: 'ok' };
    return { code: 'BV-00248', expression: 'Bundle.entry[0].resource.response' };
  }),
  defect('header', 'answer-without-request-identifier', (b) => {
    const header = b.entry[0].resource;
    if (!['eligibility-response', 'cancel-response', 'status-response'].includes(eventOf(b)) || !header.response) return undefined;
    delete header.response.identifier;
    return { code: 'BV-00247', expression: 'Bundle.entry[0].resource.response' };
  }),
  defect('header', 'notice-not-addressed-to-nphies', (b) => {
    if (!['poll-request', 'payment-notice'].includes(eventOf(b))) return undefined;
    const receiver = b.entry[0].resource.destination?.[0]?.receiver;
    if (!receiver?.identifier) return undefined;
    receiver.identifier.value = 'N-I-00001';
    return { code: 'BV-00456', expression: 'Bundle.entry[0].resource.destination[0].receiver' };
  }),
  defect('foundation', 'full-url-without-resource-id', (b) => {
    const i = entryIndex(b, 'Patient');
    if (i < 0) return undefined;
    b.entry[i].fullUrl = b.entry[i].fullUrl.replace(/[^/]+$/, 'someone-else');
    return { code: 'BV-00207', expression: `Bundle.entry[${i}].fullUrl` };
  }),
  defect('foundation', 'full-url-of-another-type', (b) => {
    const i = entryIndex(b, 'Patient');
    if (i < 0) return undefined;
    // Every reference to the patient follows, so only the type in the URL is wrong.
    const url = b.entry[i].fullUrl as string;
    const renamed = url.replace('/Patient/', '/Practitioner/');
    if (renamed === url) return undefined;
    b.entry[i].fullUrl = renamed;
    const text = JSON.stringify(b).split(JSON.stringify(url)).join(JSON.stringify(renamed));
    Object.assign(b, JSON.parse(text));
    return { code: 'BV-00208', expression: `Bundle.entry[${i}].fullUrl` };
  }),
  entryDefect('identifier', 'identifier-system-not-a-url', 'Patient', (patient) => {
    if (!patient.identifier?.[0]?.system) return undefined;
    patient.identifier[0].system = 'not a url';
    return ['BV-00219', 'identifier[0].system'];
  }),
  entryDefect('identifier', 'identifier-value-too-long', 'Patient', (patient) => {
    if (!patient.identifier?.[0]?.value) return undefined;
    patient.identifier[0].value = text(101);
    return ['BV-00275', 'identifier[0].value'];
  }),
  entryDefect('identifier', 'family-name-too-long', 'Patient', (patient) => {
    if (!patient.name?.[0]?.family) return undefined;
    patient.name[0].family = text(101);
    return ['BV-00283', 'name[0].family'];
  }),
  entryDefect('identifier', 'organization-name-too-long', 'Organization', (organization) => {
    if (typeof organization.name !== 'string') return undefined;
    organization.name = text(251);
    return ['BV-00325', 'name'];
  }),
  entryDefect('identifier', 'same-code-system-twice-in-concept', 'Patient', (patient) => {
    const coding = patient.maritalStatus?.coding;
    if (!coding?.[0]?.system) return undefined;
    coding.push({ ...coding[0] });
    // Reported at the repeated system.
    return ['BV-00526', `maritalStatus.coding[${coding.length - 1}].system`];
  }),
  entryDefect('identifier', 'extension-without-value', 'Patient', (patient) => {
    if (!patient.extension?.length) return undefined;
    patient.extension[0] = { url: patient.extension[0].url };
    return ['BV-00389', 'extension[0]'];
  }),
  entryDefect('coverage', 'coverage-not-active', 'Coverage', (coverage, b) => {
    if (!['eligibility-request', 'priorauth-request', 'claim-request'].includes(eventOf(b)) || coverage.status !== 'active') return undefined;
    coverage.status = 'cancelled';
    return ['BV-00340', 'status'];
  }),
  entryDefect('coverage', 'coverage-network-too-long', 'Coverage', (coverage) => {
    coverage.network = text(31);
    return ['BV-00324', 'network'];
  }),
  entryDefect('coverage', 'coverage-dependent-too-long', 'Coverage', (coverage) => {
    coverage.dependent = text(11);
    return ['BV-00321', 'dependent'];
  }),
  claimDefect('claim', 'claim-status-not-active', (claim) => {
    claim.status = 'cancelled';
    return ['BV-00330', 'status'];
  }),
  focalDefect('claim', 'eligibility-request-status-not-active', 'CoverageEligibilityRequest', undefined, (request) => {
    request.status = 'cancelled';
    return ['BV-00538', 'status'];
  }),
  focalDefect('task', 'cancel-without-reason', 'Task', ['cancel-request'], (task) => {
    if (!task.reasonCode) return undefined;
    delete task.reasonCode;
    return ['BV-00071', 'reasonCode'];
  }),
  focalDefect('task', 'cancel-request-task-code-wrong', 'Task', ['cancel-request'], (task) => {
    task.code.coding[0].code = 'status';
    return ['BV-00908', 'code.coding[0].code'];
  }),
  focalDefect('task', 'status-check-task-code-wrong', 'Task', ['status-check'], (task) => {
    task.code.coding[0].code = 'cancel';
    return ['BV-00909', 'code.coding[0].code'];
  }),
  focalDefect('task', 'poll-task-code-wrong', 'Task', ['poll-request'], (task) => {
    task.code.coding[0].code = 'status';
    return ['BV-00910', 'code.coding[0].code'];
  }),
  focalDefect('task', 'requesting-task-not-requested', 'Task', ['cancel-request', 'status-check', 'poll-request'], (task) => {
    task.status = 'completed';
    return ['BV-00907', 'status'];
  }),
  focalDefect('task', 'answering-task-still-requested', 'Task', ['cancel-response', 'status-response'], (task) => {
    task.status = 'requested';
    return ['BV-00894', 'status'];
  }),
  focalDefect('task', 'task-intent-not-order', 'Task', undefined, (task) => {
    task.intent = 'plan';
    return ['BV-00329', 'intent'];
  }),
  focalDefect('task', 'task-reason-on-status-check', 'Task', ['status-check', 'poll-request'], (task) => {
    task.reasonCode = { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-reason-code', code: 'WI' }] };
    return ['BV-00467', 'reasonCode'];
  }),
  {
    id: 'task-requester-not-sender',
    family: 'task',
    breakages: () => [
      (b) => {
        const i = b.entry.findIndex((e: any) => e.fullUrl === b.entry[0].resource.focus?.[0]?.reference);
        const task = b.entry[i]?.resource;
        if (task?.resourceType !== 'Task' || !['cancel-request', 'status-check', 'poll-request'].includes(eventOf(b))) return undefined;
        const org = b.entry.findIndex((e: any) => e.fullUrl === task.requester?.reference);
        if (org < 0) return undefined;
        b.entry[org].resource.identifier[0].value = 'N-F-99999';
        return { code: 'BV-00912', expression: at(i, 'requester') };
      },
    ],
  },
  focalDefect('communication', 'communication-request-not-active', 'CommunicationRequest', undefined, (request) => {
    request.status = 'completed';
    return ['BV-00335', 'status'];
  }),
  focalDefect('communication', 'communication-request-about-wrong-type', 'CommunicationRequest', undefined, (request) => {
    if (!request.about?.[0]) return undefined;
    request.about[0].type = 'Patient';
    return ['BV-00233', 'about[0].type'];
  }),
  focalDefect('communication', 'communication-about-wrong-type', 'Communication', undefined, (communication) => {
    if (!communication.about?.[0]) return undefined;
    communication.about[0].type = 'Patient';
    return ['BV-00234', 'about[0].type'];
  }),
  focalDefect('payment', 'payment-notice-not-active', 'PaymentNotice', undefined, (notice) => {
    notice.status = 'cancelled';
    return ['BV-00336', 'status'];
  }),
  focalDefect('payment', 'reconciliation-outcome-not-complete', 'PaymentReconciliation', undefined, (rec) => {
    rec.outcome = 'error';
    return ['BV-00338', 'outcome'];
  }),
];
