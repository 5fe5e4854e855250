/**
 * The `Subscription` REST endpoints (SPEC section 6, Notifications; R4 Subscriptions Backport):
 * a participant creates, reads, lists and deletes rest-hook subscriptions on its own queue, and
 * reads their `$status`. Authenticated like `$process-message`; a participant only ever sees its
 * own subscriptions (someone else's id answers 404, as if it did not exist).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notProcessable, NotProcessable } from '../../findings/not-processable.js';
import type { JsonObject } from '../../fhir/json.js';
import { SubscriptionAddresses } from '../../routing/subscriptions/conventions.js';
import type { SubscriptionNotifier } from '../../routing/subscriptions/notifier.js';
import { parseSubscription, renderSubscription, storedResource, SUBSCRIPTION_INVALID } from '../../routing/subscriptions/resource.js';
import { statusSearchset } from '../../routing/subscriptions/status.js';
import type { SubscriptionRecord, SubscriptionStore } from '../../store/ports.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import type { FhirBody } from '../body.js';
import { FHIR_JSON } from '../outcome-reply.js';

export const UNKNOWN_SUBSCRIPTION = 'WASL_ERR_UNKNOWN_SUBSCRIPTION';

export interface SubscriptionPluginOptions {
  readonly store: SubscriptionStore;
  readonly verifier: AccessTokenVerifier;
  /** Its `guard` also decides at subscribe time which endpoints may be named (one policy for both). */
  readonly notifier: Pick<SubscriptionNotifier, 'handshake' | 'forget' | 'lastError' | 'guard'>;
  readonly publicUrl: string;
  readonly fhirBase: string;
  /** Send the backport handshake when a subscription is created (default true). */
  readonly handshake?: boolean;
  /** Subscriptions one participant may hold; each queued message fans out to all of them (default 10). */
  readonly maxPerOwner?: number;
  /** Endpoint hosts a subscription may name (WASL_SUBSCRIPTION_HOSTS); undefined: any. */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** FHIR R4 id (section 2.24.0.1): also keeps arbitrary strings out of store keys. */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export async function subscriptionPlugin(app: FastifyInstance, options: SubscriptionPluginOptions): Promise<void> {
  app.addHook('onRequest', bearerAuthentication(options.verifier));
  const addresses = new SubscriptionAddresses(options.publicUrl, options.fhirBase);
  const maxPerOwner = options.maxPerOwner ?? 10;

  const ownSubscription = async (request: FastifyRequest<{ Params: { id: string } }>): Promise<SubscriptionRecord> => {
    const { id } = request.params;
    const found = FHIR_ID.test(id) ? await options.store.findSubscription(id) : undefined;
    if (!found || found.owner !== ownerOf(request)) throw notProcessable(UNKNOWN_SUBSCRIPTION, undefined, `Subscription/${id}`);
    return found;
  };

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const owner = ownerOf(request);
    const parsed = await parseSubscription(bodyOf(request), owner, addresses, { guard: options.notifier.guard, allowedHosts: options.allowedHosts });
    if (!parsed.ok) throw new NotProcessable(parsed.findings);
    if ((await options.store.subscriptionsOf(owner)).length >= maxPerOwner) {
      throw notProcessable(SUBSCRIPTION_INVALID, undefined, `a participant holds at most ${maxPerOwner} subscriptions; delete one first`);
    }
    const id = randomUUID();
    const draft: SubscriptionRecord = {
      id,
      owner,
      endpoint: parsed.value.endpoint,
      headers: parsed.value.headers,
      content: parsed.value.content,
      status: 'active',
      createdAt: Date.now(),
      eventCount: 0,
      resource: storedResource(parsed.value, id),
    };
    // Backport: a subscription whose handshake fails starts in `error`; it is still notified, and
    // the first notification that arrives makes it `active`.
    const failed = options.handshake === false ? undefined : await options.notifier.handshake(draft);
    const record: SubscriptionRecord = failed ? { ...draft, status: 'error' } : draft;
    await options.store.saveSubscription(record);
    return reply.code(201).header('location', addresses.subscription(id)).type(FHIR_JSON).send(JSON.stringify(renderSubscription(record)));
  };

  const list = async (request: FastifyRequest, reply: FastifyReply) => {
    const own = await options.store.subscriptionsOf(ownerOf(request));
    const bundle: JsonObject = {
      resourceType: 'Bundle',
      id: randomUUID(),
      type: 'searchset',
      total: own.length,
      entry: own.map((record) => ({ fullUrl: addresses.subscription(record.id), resource: renderSubscription(record), search: { mode: 'match' } })),
    };
    return reply.type(FHIR_JSON).send(JSON.stringify(bundle));
  };

  const read = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) =>
    reply.type(FHIR_JSON).send(JSON.stringify(renderSubscription(await ownSubscription(request))));

  const status = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const record = await ownSubscription(request);
    const failed = record.status === 'error' ? options.notifier.lastError(record.id) : undefined;
    // The whole failure record: what failed, when, the attempt and the next retry (issue 10, item 10).
    const error = failed;
    const bundle = statusSearchset({ subscription: record, type: 'query-status', ...(error ? { error } : {}) }, addresses);
    return reply.type(FHIR_JSON).send(JSON.stringify(bundle));
  };

  const remove = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const record = await ownSubscription(request);
    await options.store.removeSubscription(record.id);
    options.notifier.forget(record.id);
    return reply.code(204).send();
  };

  for (const base of new Set(['', options.fhirBase])) {
    app.post(`${base}/Subscription`, create);
    app.get(`${base}/Subscription`, list);
    app.get<{ Params: { id: string } }>(`${base}/Subscription/:id`, read);
    app.get<{ Params: { id: string } }>(`${base}/Subscription/:id/$status`, status);
    app.delete<{ Params: { id: string } }>(`${base}/Subscription/:id`, remove);
  }
}

function ownerOf(request: FastifyRequest): string {
  // The onRequest hook has refused every request without a verified caller.
  const licence = request.caller?.licence;
  if (!licence) throw notProcessable('WASL_ERR_UNAUTHENTICATED');
  return licence;
}

function bodyOf(request: FastifyRequest): unknown {
  const body = request.body as FhirBody | undefined;
  if (!body || typeof body.raw !== 'string') throw notProcessable('GE-00013', undefined, 'no FHIR JSON body');
  return body.parsed;
}
