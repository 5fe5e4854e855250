/**
 * Level-2 answers say why, not only where (issue 10, item 7): each error a gateway-made answer lists
 * carries the finding's diagnostics, the same words `$validate` gives in
 * OperationOutcome.issue.diagnostics: ClaimResponse.error.code.text,
 * CoverageEligibilityResponse.error.code.text, a failed Task's output valueCodeableConcept.text and,
 * in an acknowledgement, OperationOutcome.issue.diagnostics. Diagnostics stay English whatever the
 * Accept-Language: the display is what is translated. The answers still pass the gateway's own
 * validation. Real gateway, over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import { focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';
import { findingsOf } from '../support/validator.js';

type Said = { code: string; expression: string | undefined; text: string | undefined };

/** What a business answer says of each error: code, FHIRPath and the text beside the coding. */
function errorsSaid(bundle: any): Said[] {
  const out: Said[] = [];
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource;
    const concepts = [...(r.error ?? []).map((e: any) => e.code), ...(r.resourceType === 'Task' ? (r.output ?? []).map((o: any) => o.valueCodeableConcept).filter(Boolean) : [])];
    for (const concept of concepts) out.push({ code: concept.coding[0].code, expression: concept.coding[0].extension?.[0]?.valueString, text: concept.text });
    if (r.resourceType === 'OperationOutcome') for (const i of r.issue) out.push({ code: i.details.coding[0].code, expression: i.expression?.[0], text: i.diagnostics });
  }
  return out;
}

function displaysOf(bundle: any): string[] {
  const focal = focalOf(bundle) ?? bundle.entry.find((e: any) => e.resource.resourceType === 'OperationOutcome')?.resource;
  const concepts = [...(focal.error ?? []).map((e: any) => e.code), ...(focal.output ?? []).map((o: any) => o.valueCodeableConcept), ...(focal.issue ?? []).map((i: any) => i.details)];
  return concepts.filter(Boolean).map((c: any) => c.coding[0].display);
}

describe('error answers carry the diagnostics $validate gives', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  async function exchange(message: any, language?: string): Promise<{ answer: any; validated: Said[] }> {
    const sender = headerOf(message).sender.identifier.value;
    const client = await gw.client(sender, language);
    const reply = await client.send(message);
    expect(reply.status).toBe(200);
    const checked = await gw.post('/$validate', JSON.stringify(message), {
      'content-type': 'application/fhir+json',
      authorization: `Bearer ${await client.token()}`,
      ...(language ? { 'accept-language': language } : {}),
    });
    expect(checked.status).toBe(200);
    const validated = checked.json.issue
      .filter((i: any) => i.severity === 'error' || i.severity === 'fatal')
      .map((i: any) => ({ code: i.details.coding[0].code, expression: i.expression?.[0], text: i.diagnostics }));
    return { answer: reply.json, validated };
  }

  const badDateTime = (): any => {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    claim.entry[1].resource.created = 'yesterday';
    return claim;
  };
  const stringForNumber = (): any => {
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    claim.entry[1].resource.item[0].sequence = '1';
    return claim;
  };

  for (const language of ['en', 'ar'] as const) {
    it(`a claim with a bad dateTime (${language})`, async () => {
      const { answer, validated } = await exchange(badDateTime(), language);
      expect(focalOf(answer).outcome).toBe('error');
      const said = errorsSaid(answer);
      expect(said).toContainEqual({ code: expect.any(String), expression: 'Bundle.entry[1].resource.created', text: 'is not a valid FHIR dateTime' });
      expect(said).toEqual(validated);
      expect(findingsOf(answer)).toEqual([]);
    });

    it(`a claim with a string where a number belongs (${language})`, async () => {
      const { answer, validated } = await exchange(stringForNumber(), language);
      expect(focalOf(answer).outcome).toBe('error');
      const said = errorsSaid(answer);
      const atSequence = said.find((s) => s.expression === 'Bundle.entry[1].resource.item[0].sequence');
      expect(atSequence?.text).toMatch(/^must be a JSON number/);
      expect(said).toEqual(validated);
      expect(findingsOf(answer)).toEqual([]);
    });
  }

  it('the diagnostics stay English in Arabic; the display is what is translated', async () => {
    const english = (await exchange(badDateTime(), 'en')).answer;
    const arabic = (await exchange(badDateTime(), 'ar')).answer;
    expect(errorsSaid(arabic).map((s) => s.text)).toEqual(errorsSaid(english).map((s) => s.text));
    // Displays come from the catalogue in the language asked for (English where no Arabic text is written yet).
    const catalogue = CodeCatalogue.load(gw.config.schemasDir);
    const codes = errorsSaid(arabic).map((s) => s.code);
    expect(displaysOf(arabic)).toEqual(codes.map((code) => catalogue.display(code, 'ar')));
    expect(displaysOf(english)).toEqual(codes.map((code) => catalogue.display(code, 'en')));
  });

  it('an eligibility error answer (CoverageEligibilityResponse.error.code.text)', async () => {
    const ask = fresh(sample('14a-eligibilty-request-ben-val.json').json);
    ask.entry[1].resource.created = 'today';
    const { answer, validated } = await exchange(ask);
    expect(focalOf(answer).resourceType).toBe('CoverageEligibilityResponse');
    expect(errorsSaid(answer)).toContainEqual({ code: expect.any(String), expression: 'Bundle.entry[1].resource.created', text: 'is not a valid FHIR dateTime' });
    expect(errorsSaid(answer)).toEqual(validated);
    expect(findingsOf(answer)).toEqual([]);
  });

  it('a failed Task (output valueCodeableConcept.text)', async () => {
    const cancel = fresh(sample('17a-cancel-request.json').json);
    cancel.entry[1].resource.authoredOn = 'now';
    const { answer, validated } = await exchange(cancel);
    expect(focalOf(answer).status).toBe('failed');
    expect(errorsSaid(answer)).toContainEqual({ code: expect.any(String), expression: 'Bundle.entry[1].resource.authoredOn', text: 'is not a valid FHIR dateTime' });
    expect(errorsSaid(answer)).toEqual(validated);
    expect(findingsOf(answer)).toEqual([]);
  });

  it('a rejected one-way message (the acknowledgement\'s OperationOutcome.issue.diagnostics)', async () => {
    const communication = fresh(sample('18c-communication-response-unsolicited.json').json);
    communication.entry[1].resource.sent = 'last week';
    const { answer, validated } = await exchange(communication);
    expect(headerOf(answer).eventCoding.code).toBe('acknowledgement');
    expect(headerOf(answer).response.code).toBe('fatal-error');
    expect(errorsSaid(answer)).toContainEqual({ code: expect.any(String), expression: 'Bundle.entry[1].resource.sent', text: 'is not a valid FHIR dateTime' });
    expect(errorsSaid(answer)).toEqual(validated);
    expect(findingsOf(answer)).toEqual([]);
  });
});
