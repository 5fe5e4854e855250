/**
 * The shared pass over every object (src/.../money-dates/every-object.ts): six rules read their
 * findings from one walk, each its own list, in walk order, as if each had walked on its own.
 */
import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import { objectFindings } from '../../../../../src/validation/rules/bv/money-dates/every-object.js';
import { copy, findingsOf } from './helpers.js';

const PRO = '10-claim-professional-request.json';
const at = (sub: string, entry = 1) => `Bundle.entry[${entry}].resource.${sub}`;

describe('one pass for the rules over every object', () => {
  it('keeps each rule to its own findings, in walk order', () => {
    const bundle = copy('1-preauth-institutional-request.json');
    const claim = bundle.entry[1].resource;
    claim.created = '2023-12-04T08:00:00.1234567+03:00'; // BV-00265
    claim.supportingInfo[2].valueQuantity.unit = 'c'.repeat(41); // BV-00280
    claim.item[0].net.value = 10.005; // GE-00028, after
    claim.item[0].unitPrice.value = 20.001; // GE-00028, before it in walk order
    const codes = findingsOf(bundle).filter((f) => ['BV-00265', 'BV-00280', 'GE-00028'].includes(f.code));
    expect(codes).toEqual([
      { code: 'BV-00265', expression: at('created') },
      { code: 'BV-00280', expression: at('supportingInfo[2].valueQuantity.unit') },
      { code: 'GE-00028', expression: at('item[0].unitPrice') },
      { code: 'GE-00028', expression: at('item[0].net') },
    ]);
  });

  it('walks a message once and finds nothing in a clean one', () => {
    const read = readEnvelope(copy(PRO));
    if (!read.ok) throw new Error(read.problem.code);
    const message = messageUnderTest(read.envelope, { code: read.envelope.event } as never);
    const found = objectFindings(message);
    expect(objectFindings(message)).toBe(found);
    expect([found.periodEnds, found.dateTimeLengths, found.quantityUnits, found.dosageTexts, found.dosageInstructions, found.moneyDecimals]).toEqual([[], [], [], [], [], []]);
    // "Nothing" is one shared, frozen list: a caller appending to it cannot leak into another message.
    expect(Object.isFrozen(found.moneyDecimals)).toBe(true);
  });

  it('recognises a dateTime by its shape only: a long url or text is not one', () => {
    const bundle = copy(PRO);
    bundle.entry[1].resource.item[0].extension.push({ url: 'http://example.org/fhir/StructureDefinition/x', valueString: '2023-12-04 is a date but this is free text' });
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00265')).toEqual([]);
  });
});
