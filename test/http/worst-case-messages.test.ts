/**
 * Issue 9, hardening items 1 and 2, end to end: the messages that stalled the gateway or made answers of
 * tens of megabytes, sent to a real gateway while a loop keeps asking `/healthz`. Each must get a coded
 * answer (200 with the error response, or 400 when the parse limits catch it first), never a 5xx and
 * never a hang; the answer stays small, and `/healthz` answers within a second throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

/** A healthz slower than this means validation held the event loop. */
const HEALTHZ_BOUND_MS = 1000;
/** The largest answer a worst case may get (200 findings of a few hundred bytes each, and the copied entries). */
const ANSWER_BOUND_BYTES = 200 * 1024;

type Mutation = (bundle: Record<string, any>) => void;

interface WorstCase {
  readonly name: string;
  readonly file: string;
  readonly as: string;
  readonly mutate: Mutation;
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const entryOf = (bundle: Record<string, any>, type: string): Record<string, any> => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;

const PROVIDER = 'N-F-00001';
const PAYER = 'N-I-00001';
const CLAIM = '10-claim-professional-request.json';
const RECONCILIATION = '13a-payment-reconciliation.json';

const CASES: readonly WorstCase[] = [
  { name: 'MessageHeader.focus of 1,000,000 zeros (2 MB)', file: CLAIM, as: PROVIDER, mutate: (b) => void (b.entry[0].resource.focus = zeros(1_000_000)) },
  { name: 'MessageHeader.focus of 32,000 zeros', file: CLAIM, as: PROVIDER, mutate: (b) => void (b.entry[0].resource.focus = zeros(32_000)) },
  { name: 'Claim.item of 32,000 zeros', file: CLAIM, as: PROVIDER, mutate: (b) => void (entryOf(b, 'Claim').item = zeros(32_000)) },
  { name: 'Claim.identifier of 32,000 zeros', file: CLAIM, as: PROVIDER, mutate: (b) => void (entryOf(b, 'Claim').identifier = zeros(32_000)) },
  { name: 'Patient.name of 32,000 zeros', file: CLAIM, as: PROVIDER, mutate: (b) => void (entryOf(b, 'Patient').name = zeros(32_000)) },
  // The answer copies the claim's Patient: a 2 MB one must not come back.
  { name: 'Patient.name of 1,000,000 zeros (2 MB)', file: CLAIM, as: PROVIDER, mutate: (b) => void (entryOf(b, 'Patient').name = zeros(1_000_000)) },
  {
    name: "13a: an Organization's meta.profile 500 times and a 100 KB type code",
    file: RECONCILIATION,
    as: PAYER,
    mutate: (b) => {
      const organization = entryOf(b, 'Organization');
      organization.meta.profile = new Array(500).fill(organization.meta.profile[0]);
      organization.type[0].coding[0].code = 'x'.repeat(100_000);
    },
  },
  {
    name: '13a: a 3 MB type code',
    file: RECONCILIATION,
    as: PAYER,
    mutate: (b) => void (entryOf(b, 'Organization').type[0].coding[0].code = 'x'.repeat(3_000_000)),
  },
];

/**
 * Twice: with the gateway's parse limits (which may refuse a flood before validation, 400), and with them
 * lifted as far as configuration allows, where the validation layers alone must bound the work (200).
 */
const SUITES: readonly { title: string; overrides: Record<string, string>; statuses: readonly number[] }[] = [
  { title: 'default parse limits', overrides: { WASL_VALIDATION_WORKERS: '1' }, statuses: [200, 400] },
  { title: 'parse limits lifted (defense in depth)', overrides: { WASL_VALIDATION_WORKERS: '1', WASL_MAX_ARRAY_LENGTH: '10000000', WASL_MAX_JSON_VALUES: '100000000' }, statuses: [200] },
];

for (const suite of SUITES) describe(`worst-case messages (issue 9), ${suite.title}: bounded work, bounded answers`, () => {
  const gw = useTestGateway(suite.overrides);
  const tokens = new Map<string, string>();
  const healthz: number[] = [];
  let polling = true;
  let poller: Promise<void> | undefined;

  beforeAll(async () => {
    for (const licence of [PROVIDER, PAYER]) tokens.set(licence, await (await gw.client(licence)).token());
    // Each probe is timed from the moment it is sent: a blocked event loop shows as a slow answer.
    poller = (async () => {
      while (polling) {
        const started = performance.now();
        const response = await fetch(`${gw.url}/healthz`, { signal: AbortSignal.timeout(30_000) });
        await response.text();
        healthz.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
  });

  afterAll(async () => {
    polling = false;
    await poller;
  });

  for (const c of CASES) {
    for (const path of ['/$process-message', '/$validate']) {
      it(`${c.name} → ${path}: a coded answer of bounded size`, async () => {
        const bundle = fresh(sample(c.file).json);
        c.mutate(bundle);
        const body = JSON.stringify(bundle);
        const started = performance.now();
        const answer = await gw.post(path, body, { authorization: `Bearer ${tokens.get(c.as)}`, 'content-type': 'application/fhir+json' });
        const elapsed = performance.now() - started;

        expect(suite.statuses, `${answer.status}: ${answer.text.slice(0, 300)}`).toContain(answer.status);
        expect(answer.text.length).toBeLessThan(ANSWER_BOUND_BYTES);
        expect(answer.json).toBeDefined();
        if (answer.status === 400) {
          // The parse limits caught it: a bare OperationOutcome with a Wasl or official code.
          expect(answer.json.resourceType).toBe('OperationOutcome');
          expect(answer.json.issue[0].details.coding[0].code).toMatch(/^(WASL_ERR_|GE-|BV-)/);
        } else if (path === '/$validate') {
          expect(answer.json.resourceType).toBe('OperationOutcome');
          expect(answer.json.issue.some((i: any) => i.severity === 'error')).toBe(true);
        } else {
          expect(errorsOf(answer.json).length).toBeGreaterThan(0);
        }
        // Nothing the body wrote comes back longer than a finding may quote it.
        for (const quoted of answer.text.matchAll(/"(?:diagnostics|valueString)":"((?:[^"\\]|\\.)*)"/g)) expect((quoted[1] as string).length).toBeLessThanOrEqual(1000);
        if (process.env.WASL_WORST_CASE_LOG) process.stdout.write(`${suite.title} | ${c.name} | ${path} | ${answer.status} | ${answer.text.length} B | ${Math.round(elapsed)} ms\n`);
        expect(elapsed).toBeLessThan(10_000);
      }, 60_000);
    }
  }

  it('the focus flood answered through $process-message lists at most 200 errors and says the list was cut', async () => {
    const bundle = fresh(sample(CLAIM).json);
    bundle.entry[0].resource.focus = zeros(32_000);
    const answer = await gw.post('/$process-message', JSON.stringify(bundle), { authorization: `Bearer ${tokens.get(PROVIDER)}`, 'content-type': 'application/fhir+json' });
    expect(suite.statuses).toContain(answer.status);
    if (answer.status === 400) return; // the parse limits are the first line; the cap is the second
    const errors = errorsOf(answer.json);
    expect(errors.length).toBeLessThanOrEqual(201);
    expect(errors.at(-1)?.code).toBe('WASL_INFO_FINDINGS_TRUNCATED');
  }, 60_000);

  it('kept /healthz answering throughout', () => {
    // Probes run all along (every 10 ms between answers); how many depends on how fast the cases go.
    expect(healthz.length).toBeGreaterThan(5);
    if (process.env.WASL_WORST_CASE_LOG) process.stdout.write(`${suite.title} | healthz max ${Math.round(Math.max(...healthz))} ms over ${healthz.length} probes\n`);
    expect(Math.max(...healthz)).toBeLessThan(HEALTHZ_BOUND_MS);
  });
});
