/**
 * The participant admin API (issue 13, item 1), for the `admin` role only:
 *
 *   GET   /admin/participants                      every participant
 *   GET   /admin/participants/{licence}            one
 *   POST  /admin/participants                      onboard one (409 when the licence exists)
 *   PATCH /admin/participants/{licence}            change displayName, delivery, limits, credentials or policy
 *   POST  /admin/participants/{licence}/$block     refuse it on every authenticated route
 *   POST  /admin/participants/{licence}/$unblock   let it back in
 *
 * Status changes are operations, not PATCH fields: blocking is an act the ledger and the CLI name
 * (`wasl participant block`), and a PATCH that quietly carries `status` would hide it. Every change
 * goes through the registry (validated by parse.ts, written with its `participant` ledger entry)
 * and takes effect on every instance without a restart. Another role's token gets 403
 * `WASL_ERR_FORBIDDEN_ROLE`; bad input a coded 400/422 OperationOutcome, never a 500.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notProcessable } from '../../findings/not-processable.js';
import { FIXED_FIELDS, PATCHABLE_FIELDS, withDefaults, type ParticipantPatch } from '../../security/participants/changes.js';
import { LICENCE_PATTERN } from '../../security/participants/parse.js';
import type { Participant } from '../../security/participants/participant.js';
import type { ChangeResult, StoreParticipantRegistry } from '../../security/participants/store-registry.js';
import { PARTICIPANT_CODES } from '../../security/participants/store-registry.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import type { FhirBody } from '../body.js';

export const ADMIN_PARTICIPANTS_PATH = '/admin/participants';

export type ParticipantAdmin = Pick<StoreParticipantRegistry, 'get' | 'list' | 'add' | 'change' | 'block' | 'unblock'>;

export interface AdminPluginOptions {
  readonly participants: ParticipantAdmin;
  readonly verifier: AccessTokenVerifier;
}

type WithLicence = FastifyRequest<{ Params: { licence: string } }>;

export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  const { participants } = options;
  app.addHook('onRequest', bearerAuthentication(options.verifier));
  app.addHook('onRequest', async (request) => {
    if (request.participant?.role !== 'admin') throw notProcessable('WASL_ERR_FORBIDDEN_ROLE', undefined, `${ADMIN_PARTICIPANTS_PATH} is for the admin role`);
  });

  app.get(ADMIN_PARTICIPANTS_PATH, async (_request, reply) => reply.type('application/json').send({ participants: participants.list() }));

  app.get(`${ADMIN_PARTICIPANTS_PATH}/:licence`, async (request: WithLicence, reply) => {
    return send(reply, 200, registered(participants, request.params.licence));
  });

  app.post(ADMIN_PARTICIPANTS_PATH, async (request, reply) => {
    const result = await participants.add(withDefaults(objectBody(request)));
    const participant = answered(result);
    reply.header('location', `${ADMIN_PARTICIPANTS_PATH}/${participant.licence}`);
    return send(reply, 201, participant, result);
  });

  app.patch(`${ADMIN_PARTICIPANTS_PATH}/:licence`, async (request: WithLicence, reply) => {
    const { licence } = request.params;
    registered(participants, licence);
    const result = await participants.change(licence, patchOf(objectBody(request)));
    return send(reply, 200, answered(result), result);
  });

  app.post(`${ADMIN_PARTICIPANTS_PATH}/:licence/$block`, async (request: WithLicence, reply) => {
    registered(participants, request.params.licence);
    const result = await participants.block(request.params.licence);
    return send(reply, 200, answered(result), result);
  });

  app.post(`${ADMIN_PARTICIPANTS_PATH}/:licence/$unblock`, async (request: WithLicence, reply) => {
    registered(participants, request.params.licence);
    const result = await participants.unblock(request.params.licence);
    return send(reply, 200, answered(result), result);
  });
}

/** The participant, as JSON; a change also says what the ledger recorded (`x-wasl-change`, `x-wasl-ledger-seq`). */
function send(reply: FastifyReply, status: number, participant: Participant, result?: ChangeResult): FastifyReply {
  if (result?.ok) {
    // Header values are single-line ASCII: the detail is made of field paths, codes and URLs.
    reply.header('x-wasl-change', result.detail === '' ? 'none' : result.detail.replace(/[^\x20-\x7e]/g, '?'));
    if (result.ledgerSeq !== undefined) reply.header('x-wasl-ledger-seq', String(result.ledgerSeq));
  }
  return reply.code(status).type('application/json').send(participant);
}

function registered(participants: ParticipantAdmin, licence: string): Participant {
  const found = LICENCE_PATTERN.test(licence) ? participants.get(licence) : undefined;
  if (!found) throw notProcessable(PARTICIPANT_CODES.unknown, undefined, `no participant with licence "${licence.slice(0, 64)}"`);
  return found;
}

function answered(result: ChangeResult): Participant {
  if (result.ok) return result.participant;
  throw notProcessable(result.code, result.field, result.problem);
}

function objectBody(request: FastifyRequest): Record<string, unknown> {
  const parsed = (request.body as FhirBody | undefined)?.parsed;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw notProcessable(PARTICIPANT_CODES.invalid, 'participant', 'send a JSON object (Content-Type: application/json)');
  }
  return parsed as Record<string, unknown>;
}

/** Only the patchable fields; the licence, its system and the role never change, and status has its own operations. */
function patchOf(body: Record<string, unknown>): ParticipantPatch {
  for (const field of Object.keys(body)) {
    if (field === 'status') throw notProcessable(PARTICIPANT_CODES.invalid, 'participant.status', 'use POST …/$block or …/$unblock to change the status');
    if ((FIXED_FIELDS as readonly string[]).includes(field)) throw notProcessable(PARTICIPANT_CODES.invalid, `participant.${field}`, `${field} cannot change: register a new participant instead`);
    if (!(PATCHABLE_FIELDS as readonly string[]).includes(field)) throw notProcessable(PARTICIPANT_CODES.invalid, `participant.${field}`, `not a participant field; a PATCH may set ${PATCHABLE_FIELDS.join(', ')}`);
  }
  if (Object.keys(body).length === 0) throw notProcessable(PARTICIPANT_CODES.invalid, 'participant', `nothing to change; a PATCH may set ${PATCHABLE_FIELDS.join(', ')}`);
  return body as ParticipantPatch;
}
