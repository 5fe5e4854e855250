/** The shared view of a message's Claims (src/.../money-dates/claim-context.ts). */
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { messageUnderTest, type MessageUnderTest } from '../../../../../src/validation/message.js';
import { claimsOf } from '../../../../../src/validation/rules/bv/money-dates/claim-context.js';
import { addSupportingInfo, copy, withEncounter } from './helpers.js';

function messageOf(bundle: unknown): MessageUnderTest {
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(read.problem.code);
  return messageUnderTest(read.envelope, { code: read.envelope.event } as never);
}

describe('the Claims of a message, read once', () => {
  it('is computed once per message and shared', () => {
    const message = messageOf(copy('10-claim-professional-request.json'));
    const claims = claimsOf(message);
    expect(claims).toHaveLength(1);
    expect(claimsOf(message)).toBe(claims);
    expect(claims[0]!.items).toBe(claims[0]!.items);
  });

  it('keeps the index of each item and skips what is not an object', () => {
    const bundle = copy('10-claim-professional-request.json');
    const claim = bundle.entry[1].resource;
    claim.item.unshift('not an item');
    const [view] = claimsOf(messageOf(bundle));
    expect(view!.items.map((i) => i.path)).toEqual(claim.item.slice(1).map((_: unknown, i: number) => `item[${i + 1}]`));
  });

  it('groups supporting information by the code of its first category coding, in order', () => {
    const bundle = copy('10-claim-professional-request.json');
    const claim = bundle.entry[1].resource;
    const first = addSupportingInfo(claim, 'lab-test', {});
    addSupportingInfo(claim, 'days-supply', {});
    const second = addSupportingInfo(claim, 'lab-test', {});
    const [view] = claimsOf(messageOf(bundle));
    expect(view!.infosOf('lab-test').map((i) => i.index)).toEqual([first, second]);
    expect(view!.infosOf('Lab-Test')).toEqual([]);
  });

  it("resolves the Claim's Encounter and parses its period", () => {
    const bundle = copy('10-claim-professional-request.json');
    const encounter = withEncounter(bundle, { start: '2021-10-07T09:00:00+03:00' }, 'IMP');
    const [view] = claimsOf(messageOf(bundle));
    expect(view!.encounter?.index).toBe(encounter);
    expect(view!.encounterClass).toBe('IMP');
    expect(view!.encounterPeriod).toEqual({ hasEnd: false, start: { text: '2021-10-07T09:00:00+03:00', day: '2021-10-07', instant: Date.parse('2021-10-07T09:00:00+03:00') }, end: undefined });
  });
});
