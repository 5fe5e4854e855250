/**
 * `GET /messages/{bundleId}` (issue 11, item 6): a participant reads back a message it sent or
 * received, as the exact bytes, with the gateway's signature when it was signed, for as long as
 * the archive keeps it. Never another participant's: a Bundle.id the caller neither sent nor
 * received answers 404 exactly as one that never existed.
 */
import type { FastifyInstance } from 'fastify';
import { notProcessable } from '../../findings/not-processable.js';
import { SIGNATURE_HEADER } from '../../security/message-signing.js';
import type { MessageArchive } from '../../store/ports.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import { FHIR_JSON } from '../outcome-reply.js';

export interface MessagesPluginOptions {
  readonly archive: Pick<MessageArchive, 'archivedMessage'>;
  readonly verifier: AccessTokenVerifier;
}

export async function messagesPlugin(app: FastifyInstance, options: MessagesPluginOptions): Promise<void> {
  app.addHook('onRequest', bearerAuthentication(options.verifier));
  app.get<{ Params: { bundleId: string } }>('/messages/:bundleId', async (request, reply) => {
    const licence = request.caller?.licence;
    if (!licence) throw notProcessable('WASL_ERR_UNAUTHENTICATED');
    const { bundleId } = request.params;
    const archived = await options.archive.archivedMessage(licence, bundleId);
    if (!archived) throw notProcessable('WASL_ERR_UNKNOWN_MESSAGE', undefined, `Bundle/${bundleId.slice(0, 64)}`);
    if (archived.signature !== undefined) reply.header(SIGNATURE_HEADER, archived.signature);
    reply.header('x-wasl-sender', archived.sender).header('x-wasl-recipient', archived.recipient).header('x-wasl-received-at', new Date(archived.receivedAt).toISOString());
    return reply.type(FHIR_JSON).send(archived.body);
  });
}
