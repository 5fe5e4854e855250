/**
 * Builds a poll-request message (SPEC section 6) as a participant's system would: a Task
 * `code=poll` owned by the gateway, with `count`, message-type filters and `acknowledge`
 * inputs naming the Bundle ids already processed.
 */
import { randomUUID } from 'node:crypto';
import { LICENCE_SYSTEMS, PROFILE_BASE } from '../fhir/identity.js';
import { EVENT_SYSTEM } from '../fhir/message.js';

export interface PollRequestOptions {
  readonly licence: string;
  readonly role: 'provider' | 'payer';
  readonly gatewayLicence?: string;
  readonly count?: number;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly acknowledge?: readonly string[];
  /** Long poll: seconds the gateway may hold the poll open when nothing is queued. */
  readonly wait?: number;
}

const TASK_INPUT_TYPE = 'http://nphies.sa/terminology/CodeSystem/task-input-type';

export function buildPollRequest(options: PollRequestOptions): Record<string, unknown> {
  const headerId = randomUUID();
  const taskId = randomUUID();
  const orgId = randomUUID();
  const base = `http://${options.licence.toLowerCase()}.participant.example`;
  const licenceSystem = options.role === 'payer' ? LICENCE_SYSTEMS.payer : LICENCE_SYSTEMS.provider;
  const gateway = options.gatewayLicence ?? 'NPHIES';
  const input: Record<string, unknown>[] = [];
  if (options.count !== undefined) input.push({ type: { coding: [{ system: TASK_INPUT_TYPE, code: 'count' }] }, valuePositiveInt: options.count });
  for (const code of options.include ?? []) input.push({ type: { coding: [{ system: TASK_INPUT_TYPE, code: 'include-message-type' }] }, valueCode: code });
  for (const code of options.exclude ?? []) input.push({ type: { coding: [{ system: TASK_INPUT_TYPE, code: 'exclude-message-type' }] }, valueCode: code });
  if (options.wait !== undefined) input.push({ type: { coding: [{ system: TASK_INPUT_TYPE, code: 'wait' }] }, valueUnsignedInt: options.wait });
  for (const id of options.acknowledge ?? []) input.push({ type: { coding: [{ system: TASK_INPUT_TYPE, code: 'acknowledge' }] }, valueString: id });
  const now = new Date().toISOString();
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/bundle|1.0.0`] },
    type: 'message',
    timestamp: now,
    entry: [
      {
        fullUrl: `urn:uuid:${headerId}`,
        resource: {
          resourceType: 'MessageHeader',
          id: headerId,
          meta: { profile: [`${PROFILE_BASE}/message-header|1.0.0`] },
          eventCoding: { system: EVENT_SYSTEM, code: 'poll-request' },
          destination: [{ endpoint: 'http://nphies.sa', receiver: { type: 'Organization', identifier: { system: LICENCE_SYSTEMS.gateway, value: gateway } } }],
          sender: { type: 'Organization', identifier: { system: licenceSystem, value: options.licence } },
          source: { endpoint: base },
          focus: [{ reference: `${base}/Task/${taskId}` }],
        },
      },
      {
        fullUrl: `${base}/Task/${taskId}`,
        resource: {
          resourceType: 'Task',
          id: taskId,
          meta: { profile: [`${PROFILE_BASE}/task|1.0.0`] },
          identifier: [{ system: `${base}/task`, value: taskId }],
          status: 'requested',
          intent: 'order',
          priority: 'stat',
          code: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-code', code: 'poll' }] },
          authoredOn: now,
          lastModified: now,
          requester: { reference: `${base}/Organization/${orgId}` },
          owner: { identifier: { system: LICENCE_SYSTEMS.gateway, value: gateway } },
          ...(input.length > 0 ? { input } : {}),
        },
      },
      {
        fullUrl: `${base}/Organization/${orgId}`,
        resource: {
          resourceType: 'Organization',
          id: orgId,
          meta: { profile: [`${PROFILE_BASE}/${options.role === 'payer' ? 'insurer' : 'provider'}-organization|1.0.0`] },
          identifier: [{ system: licenceSystem, value: options.licence }],
          active: true,
          // IC-00234: the NPHIES Organization profiles require the organization type.
          type: [{ coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/organization-type', code: options.role === 'payer' ? 'ins' : 'prov' }] }],
          name: options.licence,
        },
      },
    ],
  };
}
