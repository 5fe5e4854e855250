/**
 * `GET /messages/{bundleId}` (issue 11, item 6): a participant reads back a message it sent or
 * received, as the exact bytes, with the gateway's signature when it was signed, for as long as
 * the archive keeps it. Never another participant's: a Bundle.id the caller neither sent nor
 * received answers 404 exactly as one that never existed.
 */
import type { FastifyInstance } from 'fastify';
import { notProcessable } from '../../findings/not-processable.js';
import { SIGNATURE_HEADER } from '../../security/message-signing.js';
import type { BytesSigner } from '../../routing/message-signer.js';
import type { MessageArchive } from '../../store/ports.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import { FHIR_JSON } from '../outcome-reply.js';

export interface MessagesPluginOptions {
  readonly archive: Pick<MessageArchive, 'archivedMessage'>;
  readonly verifier: AccessTokenVerifier;
  /**
   * Signs a copy archived unsigned when it is read (a sender's copy of a message the gateway
   * delivered with risk entries appended, a rejected message): the signature still covers exactly
   * the bytes sent. Undefined: such copies are served without one.
   */
  readonly signer?: (() => BytesSigner) | undefined;
}

export async function messagesPlugin(app: FastifyInstance, options: MessagesPluginOptions): Promise<void> {
  app.addHook('onRequest', bearerAuthentication(options.verifier));
  app.get<{ Params: { bundleId: string } }>('/messages/:bundleId', async (request, reply) => {
    const licence = request.caller?.licence;
    if (!licence) throw notProcessable('WASL_ERR_UNAUTHENTICATED');
    const { bundleId } = request.params;
    const archived = await options.archive.archivedMessage(licence, bundleId);
    if (!archived) throw notProcessable('WASL_ERR_UNKNOWN_MESSAGE', undefined, `Bundle/${bundleId.slice(0, 64)}`);
    const signature = archived.signature ?? options.signer?.().sign(archived.body);
    if (signature !== undefined) reply.header(SIGNATURE_HEADER, signature);
    reply.header('x-wasl-sender', archived.sender).header('x-wasl-recipient', archived.recipient).header('x-wasl-received-at', new Date(archived.receivedAt).toISOString());
    return reply.type(FHIR_JSON).send(archived.body);
  });
}
