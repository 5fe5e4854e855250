/**
 * Issue 9, item 7: which role may receive each event is data (schemas/messaging/events.json,
 * `receivedBy`). A message addressed to a participant of the wrong kind is not processable
 * (GE-00015: there is no such destination for this event) and nothing is queued for it.
 */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../../support/gateway.js';
import { fresh, sample } from '../../support/samples.js';

function addressedTo(file: string, receiver: string): Record<string, any> {
  const message = fresh(sample(file).json);
  message.entry[0].resource.destination[0].receiver.identifier.value = receiver;
  return message;
}

describe('events reach only the roles that receive them', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  const cases = [
    { what: "a provider's claim to another provider", file: '10-claim-professional-request.json', from: 'N-F-00001', to: 'N-F-00002' },
    { what: "a provider's communication to another provider", file: '18b-communication-response-solicited.json', from: 'N-F-00002', to: 'N-F-00001' },
    { what: 'an eligibility request to the regulator', file: '14a-eligibilty-request-ben-val.json', from: 'N-F-00001', to: 'REG-CHI' },
    { what: "a payer's communication request to another payer", file: '18a-communication-request.json', from: 'N-I-00001', to: 'INS-FHIR' },
    { what: "a payer's eligibility response to a payer", file: '14b-eligibility-response-ben-val.json', from: 'N-I-00001', to: 'INS-FHIR' },
  ];

  for (const c of cases) {
    it(`${c.what} is GE-00015 (404) and queues nothing`, async () => {
      const message = addressedTo(c.file, c.to);
      const reply = await (await gw.client(c.from)).send(message);
      expect(reply.status).toBe(404);
      const outcome = reply.json as any;
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0].details.coding[0].code).toBe('GE-00015');
      expect(outcome.issue[0].expression).toEqual(['Bundle.entry[0].resource.destination[0].receiver']);
      expect(await gw.gateway.store.queued(c.to, message.id)).toBeUndefined();
      expect(await gw.gateway.store.findExchangeByBundle(c.from, message.id)).toBeUndefined();
    });
  }

  it('the same messages addressed to the right kind of participant are accepted', async () => {
    const reply = await (await gw.client('N-F-00001')).send(fresh(sample('10-claim-professional-request.json').json));
    expect(reply.status).toBe(200);
  });
});
