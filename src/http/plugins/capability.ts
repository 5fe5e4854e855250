/** `GET /metadata`: the CapabilityStatement (FHIR R4 messaging, SMART Backend Services security). */
import type { FastifyInstance } from 'fastify';
import type { EventCatalogue } from '../../fhir/events.js';
import { EVENT_SYSTEM } from '../../fhir/message.js';
import { BACKPORT_SUBSCRIPTION_PROFILE, SubscriptionAddresses } from '../../routing/subscriptions/conventions.js';
import { FHIR_JSON } from '../outcome-reply.js';

export async function capabilityPlugin(app: FastifyInstance, options: { events: EventCatalogue; publicUrl: string; fhirBase: string; version: string }): Promise<void> {
  const topic = new SubscriptionAddresses(options.publicUrl, options.fhirBase).topic;
  const statement = JSON.stringify({
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Wasl', version: options.version },
    implementation: { description: 'Wasl claims exchange gateway', url: options.publicUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${options.publicUrl}/auth/token` }],
            },
          ],
        },
        resource: [
          {
            // Rest-hook notifications on the caller's own queue (R4 Subscription backport conventions).
            type: 'Subscription',
            supportedProfile: [BACKPORT_SUBSCRIPTION_PROFILE],
            interaction: [{ code: 'create' }, { code: 'read' }, { code: 'delete' }, { code: 'search-type' }],
            operation: [{ name: 'status', definition: 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status' }],
            extension: [{ url: 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical', valueCanonical: topic }],
          },
        ],
        operation: [
          { name: 'process-message', definition: 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message' },
          { name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' },
        ],
      },
    ],
    messaging: [
      {
        endpoint: [{ protocol: { system: 'http://terminology.hl7.org/CodeSystem/message-transport', code: 'http' }, address: `${options.publicUrl}${options.fhirBase}/$process-message` }],
        supportedMessage: options.events.all().map((event) => ({
          mode: event.kind === 'response' ? 'sender' : 'receiver',
          definition: `${EVENT_SYSTEM}#${event.code}`,
        })),
      },
    ],
  });
  for (const base of new Set(['', options.fhirBase])) {
    app.get(`${base}/metadata`, async (_request, reply) => reply.type(FHIR_JSON).send(statement));
  }
}
