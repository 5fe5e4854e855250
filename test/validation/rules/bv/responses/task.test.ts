import { describe, expect, it } from 'vitest';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import type { RuleContext } from '../../../../../src/validation/context.js';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { BV_00892 } from '../../../../../src/validation/rules/bv/responses/task.js';
import { sample } from '../../../../support/samples.js';
import { R, S, focal as task, FUTURE, LONG, runCases, type Case } from './cases.js';

const PAYER_ORG = (b: any): string => b.entry.find((e: any) => e.resource.identifier?.[0]?.system?.endsWith('payer-license')).fullUrl;
const PROVIDER_ORG = (b: any): string => b.entry.find((e: any) => e.resource.identifier?.[0]?.system?.endsWith('provider-license')).fullUrl;
const CODE = (code: string) => ({ coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-code', code }] });

const CASES: Case[] = [
  { id: 'BV-00071', file: S.cancel, why: 'cancel without reasonCode', mutate: (b) => { delete task(b).reasonCode; }, expect: [`${R}.reasonCode`] },
  { id: 'BV-00467', file: S.status, why: 'status check with reasonCode', mutate: (b) => { task(b).reasonCode = { coding: [{ code: 'WI' }] }; }, expect: [`${R}.reasonCode`] },
  {
    id: 'BV-00216', file: S.poll, why: 'two period inputs',
    mutate: (b) => {
      const period = { type: { coding: [{ code: 'period' }] }, valuePeriod: { start: '2021-11-01', end: '2021-11-30' } };
      task(b).input.push(period, structuredClone(period));
    },
    expect: [`${R}.input[2]`],
  },
  { id: 'BV-00239', file: S.statusAnswer, why: 'output without type', mutate: (b) => { delete task(b).output[0].type; }, expect: [`${R}.output[0].type`] },
  { id: 'BV-00240', file: S.statusAnswer, why: 'output without value', mutate: (b) => { delete task(b).output[0].valueCode; }, expect: [`${R}.output[0].value`] },
  { id: 'BV-00309', file: S.status, why: 'description of 2001 characters', mutate: (b) => { task(b).description = LONG(2001); }, expect: [`${R}.description`] },
  { id: 'BV-00329', file: S.status, why: 'intent plan', mutate: (b) => { task(b).intent = 'plan'; }, expect: [`${R}.intent`] },
  { id: 'BV-00471', file: S.cancel, why: 'lastModified in the future', mutate: (b) => { task(b).lastModified = FUTURE; }, expect: [`${R}.lastModified`] },
  { id: 'BV-00867', file: S.status, why: 'authoredOn in the future', mutate: (b) => { task(b).authoredOn = FUTURE; }, expect: [`${R}.authoredOn`] },
  { id: 'BV-00873', file: S.statusAnswer, why: 'statusReason on a status-response', mutate: (b) => { task(b).statusReason = { text: 'claimed' }; }, expect: [`${R}.statusReason`] },
  {
    id: 'BV-00875', file: S.statusAnswer, why: 'failed with output type status',
    mutate: (b) => { task(b).status = 'failed'; },
    expect: [`${R}.output[0].type.coding[0].code`],
  },
  { id: 'BV-00876', file: S.cancelAnswer, why: 'failed cancellation without reason', mutate: (b) => { task(b).status = 'failed'; }, expect: [`${R}.statusReason`] },
  { id: 'BV-00894', file: S.cancelAnswer, why: 'cancel-response in progress', mutate: (b) => { task(b).status = 'in-progress'; }, expect: [`${R}.status`] },
  {
    id: 'BV-00895', file: S.cancelAnswer, why: 'cancel output as a string',
    mutate: (b) => { task(b).status = 'failed'; task(b).output = [{ type: { coding: [{ code: 'error' }] }, valueString: 'not found' }]; },
    expect: [`${R}.output[0].valueString`],
  },
  { id: 'BV-00907', file: S.status, why: 'status-check completed', mutate: (b) => { task(b).status = 'completed'; }, expect: [`${R}.status`] },
  { id: 'BV-00908', file: S.cancel, why: 'cancel-request with code status', mutate: (b) => { task(b).code = CODE('status'); }, expect: [`${R}.code.coding[0].code`] },
  { id: 'BV-00909', file: S.statusAnswer, why: 'status-response with code poll', mutate: (b) => { task(b).code = CODE('poll'); }, expect: [`${R}.code.coding[0].code`] },
  { id: 'BV-00910', file: S.poll, why: 'poll-request with code status', mutate: (b) => { task(b).code = CODE('status'); }, expect: [`${R}.code.coding[0].code`] },
  { id: 'BV-00912', file: S.cancel, why: 'requester is the payer', mutate: (b) => { task(b).requester = { reference: PAYER_ORG(b) }; }, expect: [`${R}.requester`] },
  { id: 'BV-00913', file: S.cancelAnswer, why: 'requester is the payer', mutate: (b) => { task(b).requester = { reference: PAYER_ORG(b) }; }, expect: [`${R}.requester`] },
  { id: 'BV-00914', file: S.status, why: 'owner is the provider', mutate: (b) => { task(b).owner = { reference: PROVIDER_ORG(b) }; }, expect: [`${R}.owner`] },
  { id: 'BV-00915', file: S.statusAnswer, why: 'owner is the provider', mutate: (b) => { task(b).owner = { reference: PROVIDER_ORG(b) }; }, expect: [`${R}.owner`] },
  {
    id: 'BV-00936', file: S.cancelAnswer, why: 'completed cancellation with an output type',
    mutate: (b) => { task(b).output = [{ type: { coding: [{ code: 'error' }] }, valueCodeableConcept: { coding: [{ code: 'x' }] } }]; },
    expect: [`${R}.output[0].type`],
  },
];

runCases('Task rules on the official cancel, status and poll samples', CASES);

describe('BV-00892 (implemented, not enforced: the official poll samples use priority stat)', () => {
  const check = (bundle: any) => {
    const read = readEnvelope(bundle);
    if (!read.ok) throw new Error('not a message');
    return BV_00892.check(messageUnderTest(read.envelope, { code: read.envelope.event } as never), { now: Date.now } as unknown as RuleContext);
  };
  it('flags a status check with priority stat, and the official 12a poll-request', () => {
    const bundle = structuredClone(sample(S.status).json);
    expect(check(bundle)).toEqual([]);
    bundle.entry[1].resource.priority = 'stat';
    expect(check(bundle).map((f) => [f.code, f.expression])).toEqual([['BV-00892', `${R}.priority`]]);
    expect(check(sample(S.poll).json).map((f) => [f.code, f.expression])).toEqual([['BV-00892', `${R}.priority`]]);
  });
});
