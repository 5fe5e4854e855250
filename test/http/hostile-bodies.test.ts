/**
 * Parse-time hardening (issue 9): bodies an attacker with a valid token sends so that the gateway
 * judges one message and the payer receives another, or so that the schema layer stalls. Each is
 * refused at level 1 with its code and status, before anything is stored or queued.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Sample 10, N-F-00001 → N-I-00001, with new ids; the attacks are built on its exact text. */
const claimText = (): string => JSON.stringify(fresh(sample('10-claim-professional-request.json').json));

async function submit(gw: TestGateway, body: string | Buffer, as = 'N-F-00001'): Promise<{ status: number; json: any }> {
  const response = await fetch(`${gw.url}/$process-message`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${await (await gw.client(as)).token()}` },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) };
}

function codeOf(reply: { json: any }): { code: string; expression: string | undefined; diagnostics: string | undefined } {
  const issue = reply.json.issue[0];
  return { code: issue.details.coding[0].code, expression: issue.expression?.[0], diagnostics: issue.diagnostics };
}

/** Nothing waits for the payer: its poll-response is empty. */
async function expectPayerQueueEmpty(gw: TestGateway): Promise<void> {
  const { result, messages } = await (await gw.client('N-I-00001')).poll({ count: 10 });
  expect(result.status).toBe(200);
  expect(messages).toEqual([]);
}

describe('hostile bodies (level 1, parse time)', () => {
  const gw = useTestGateway();

  it('a valid claim behind a byte order mark → 400 WASL_ERR_BOM, nothing queued', async () => {
    const reply = await submit(gw, Buffer.concat([BOM, Buffer.from(claimText())]));
    expect(reply.status).toBe(400);
    expect(codeOf(reply).code).toBe('WASL_ERR_BOM');
    await expectPayerQueueEmpty(gw);
  });

  it('invalid UTF-8 bytes inside a string → 400 WASL_ERR_INVALID_UTF8 naming the offset, nothing queued', async () => {
    const text = Buffer.from(claimText());
    const at = text.indexOf('"resourceType"') + 2;
    const reply = await submit(gw, Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28]), text.subarray(at)]));
    expect(reply.status).toBe(400);
    expect(codeOf(reply).code).toBe('WASL_ERR_INVALID_UTF8');
    expect(codeOf(reply).diagnostics).toContain(`offset ${at}`);
    await expectPayerQueueEmpty(gw);
  });

  it('an overlong UTF-8 encoding → 400 WASL_ERR_INVALID_UTF8', async () => {
    const text = claimText();
    const at = text.indexOf('"N-F-00001"') + 1;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc0, 0xae]), Buffer.from(text.slice(at))]);
    expect(codeOf(await submit(gw, bytes)).code).toBe('WASL_ERR_INVALID_UTF8');
  });

  it('two MessageHeader.sender keys (another provider first) → 400 WASL_ERR_DUPLICATE_KEY at the sender, nothing queued', async () => {
    const text = claimText();
    expect(text.match(/"sender":/g)).toHaveLength(1);
    const forged = text.replace('"sender":', '"sender":{"identifier":{"system":"http://nphies.sa/license/provider-license","value":"N-F-00003"}},"sender":');
    const reply = await submit(gw, forged);
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toMatchObject({ code: 'WASL_ERR_DUPLICATE_KEY', expression: 'Bundle.entry[0].resource.sender' });
    await expectPayerQueueEmpty(gw);
  });

  it('two Claim.total keys → 400 WASL_ERR_DUPLICATE_KEY at Claim.total, nothing queued', async () => {
    const claim = JSON.parse(claimText());
    const index = claim.entry.findIndex((e: any) => e.resource.resourceType === 'Claim');
    const text = JSON.stringify(claim);
    const total = JSON.stringify(claim.entry[index].resource.total);
    expect(text.split(`"total":${total}`)).toHaveLength(2);
    const reply = await submit(gw, text.replace(`"total":${total}`, `"total":{"value":1,"currency":"SAR"},"total":${total}`));
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toMatchObject({ code: 'WASL_ERR_DUPLICATE_KEY', expression: `Bundle.entry[${index}].resource.total` });
    await expectPayerQueueEmpty(gw);
  });

  it('a duplicate key written with an escape (\\u0073ender) is still a duplicate', async () => {
    const text = claimText().replace('"sender":', '"sender":{"identifier":{"value":"N-F-00003"}},"\\u0073ender":');
    expect(codeOf(await submit(gw, text))).toMatchObject({ code: 'WASL_ERR_DUPLICATE_KEY', expression: 'Bundle.entry[0].resource.sender' });
  });

  it('a number that parses as Infinity (1e400) → 400 WASL_ERR_NON_FINITE_NUMBER at its element', async () => {
    const claim = JSON.parse(claimText());
    const index = claim.entry.findIndex((e: any) => e.resource.resourceType === 'Claim');
    const text = JSON.stringify(claim);
    const total = JSON.stringify(claim.entry[index].resource.total);
    const reply = await submit(gw, text.replace(`"total":${total}`, `"total":{"value":1e400,"currency":"SAR"}`));
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toMatchObject({ code: 'WASL_ERR_NON_FINITE_NUMBER', expression: `Bundle.entry[${index}].resource.total.value` });
  });

  it('MessageHeader.focus = 1,000,000 zeros (2 MB) → 400 WASL_ERR_ARRAY_TOO_LONG at once, naming the array and the limit', async () => {
    const claim = JSON.parse(claimText());
    claim.entry[0].resource.focus = new Array(1_000_000).fill(0);
    const started = Date.now();
    const reply = await submit(gw, JSON.stringify(claim));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reply.status).toBe(400);
    expect(codeOf(reply)).toMatchObject({ code: 'WASL_ERR_ARRAY_TOO_LONG', expression: 'Bundle.entry[0].resource.focus' });
    expect(codeOf(reply).diagnostics).toBe('an array of 1000000 elements; at most 5000 are accepted (WASL_MAX_ARRAY_LENGTH)');
  });

  const small = { item: { sequence: 1 }, identifier: { value: 'x' }, name: { text: 'x' } };
  for (const [resourceType, element] of [['Claim', 'item'], ['Claim', 'identifier'], ['Patient', 'name']] as const) {
    it(`32,768 ${resourceType}.${element} → 400 WASL_ERR_ARRAY_TOO_LONG at ${resourceType}.${element}`, async () => {
      const claim = JSON.parse(claimText());
      const index = claim.entry.findIndex((e: any) => e.resource.resourceType === resourceType);
      claim.entry[index].resource[element] = new Array(32_768).fill(small[element]);
      const reply = await submit(gw, JSON.stringify(claim));
      expect(reply.status).toBe(400);
      expect(codeOf(reply)).toMatchObject({ code: 'WASL_ERR_ARRAY_TOO_LONG', expression: `Bundle.entry[${index}].resource.${element}` });
    });
  }

  it('1,200,000 values in arrays each under the array limit → 400 WASL_ERR_TOO_MANY_VALUES', async () => {
    const claim = JSON.parse(claimText());
    claim.entry[0].resource.focus = Array.from({ length: 300 }, () => new Array(4_000).fill(0));
    const reply = await submit(gw, JSON.stringify(claim));
    expect(reply.status).toBe(400);
    expect(codeOf(reply).code).toBe('WASL_ERR_TOO_MANY_VALUES');
    expect(codeOf(reply).diagnostics).toMatch(/at most 1000000 are accepted \(WASL_MAX_JSON_VALUES\)$/);
  });

  it('a 200-claim batch-request passes the parse limits (it reaches validation)', async () => {
    const batch = fresh(sample('16-batch-request.json').json);
    const nested = batch.entry[1];
    batch.entry = [batch.entry[0], ...Array.from({ length: 200 }, () => structuredClone(nested))];
    const response = await fetch(`${gw.url}/$validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${await (await gw.client('N-F-00001')).token()}` },
      body: JSON.stringify(batch),
    });
    const outcome = await response.json();
    expect(response.status).toBe(200);
    const codes = outcome.issue.map((i: any) => i.details.coding[0].code as string);
    expect(codes.filter((c: string) => c.startsWith('WASL_ERR_'))).toEqual([]);
  });

  it('a clean copy of the same claim is accepted and queued (the control: the empty polls above mean something)', async () => {
    const reply = await submit(gw, claimText());
    expect(reply.status).toBe(200);
    const { messages } = await (await gw.client('N-I-00001')).poll({ count: 10 });
    expect(messages.map((m) => m.event)).toEqual(['claim-request']);
  });

  it('an 11 MB claim over the default 10 MB limit → Node fetch reads the 413 BV-00076', async () => {
    const claim = JSON.parse(claimText());
    claim.padding = 'x'.repeat(11 * 1024 * 1024);
    const reply = await submit(gw, JSON.stringify(claim));
    expect(reply.status).toBe(413);
    expect(codeOf(reply)).toMatchObject({ code: 'BV-00076', diagnostics: 'the body exceeds 10485760 bytes' });
  });

  it('a 28 MB chunked claim (no Content-Length) → Node fetch reads the 413 BV-00076 instead of failing with EPIPE', async () => {
    // Without the drain, Fastify stops reading at 10 MB and the socket closes under the sender.
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"resourceType":"Bundle","padding":"'));
        for (let i = 0; i < 28; i += 1) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const response = await fetch(`${gw.url}/$process-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${await (await gw.client('N-F-00001')).token()}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect((await response.json()).issue[0].details.coding[0].code).toBe('BV-00076');
  });

  it('a 70 KB /auth/token form → 413 naming the form limit (65536 bytes), not the message limit', async () => {
    const response = await fetch(`${gw.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_assertion=${'a'.repeat(70_000)}`,
    });
    expect(response.status).toBe(413);
    const outcome = await response.json();
    expect(outcome.issue[0].details.coding[0].code).toBe('WASL_ERR_BODY_TOO_LARGE');
    expect(outcome.issue[0].diagnostics).toBe('the body exceeds 65536 bytes, the limit of a form body');
  });
});

describe('oversize bodies sent with Node fetch (undici)', () => {
  const gw = useTestGateway({ WASL_MAX_BODY_BYTES: '60000' });

  for (const size of [70_000, 5_000_000]) {
    it(`a ${size}-byte body over a 60,000-byte limit → fetch reads the 413 BV-00076, no EPIPE`, async () => {
      const claim = JSON.parse(claimText());
      claim.padding = 'x'.repeat(size);
      const reply = await submit(gw, JSON.stringify(claim));
      expect(reply.status).toBe(413);
      expect(codeOf(reply)).toMatchObject({ code: 'BV-00076', diagnostics: 'the body exceeds 60000 bytes' });
    });
  }
});

describe('limit configuration', () => {
  it('WASL_MAX_ARRAY_LENGTH and WASL_MAX_JSON_VALUES default to 5,000 and 1,000,000 and can be set', () => {
    expect(loadConfig({})).toMatchObject({ maxArrayLength: 5_000, maxJsonValues: 1_000_000 });
    expect(loadConfig({ WASL_MAX_ARRAY_LENGTH: '300', WASL_MAX_JSON_VALUES: '20000' })).toMatchObject({ maxArrayLength: 300, maxJsonValues: 20_000 });
    expect(() => loadConfig({ WASL_MAX_ARRAY_LENGTH: '10' })).toThrow(/WASL_MAX_ARRAY_LENGTH/);
  });
});
