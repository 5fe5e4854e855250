import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import { POSITIVE_INT_ELEMENTS, elementShapes } from '../../../../../src/validation/rules/bv/claims/walk.js';
import { copyOf } from './support.js';

/** The shapes found in a claim message whose Claim is replaced by `claim`, as FHIRPaths (relative to the Claim). */
function shapesOf(claim: Record<string, unknown>) {
  const bundle = copyOf('10-claim-professional-request.json');
  bundle.entry = [bundle.entry[0], { fullUrl: 'http://sgh.com.sa/Claim/1', resource: { resourceType: 'Claim', id: '1', ...claim } }];
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(read.problem.code);
  const shapes = elementShapes(messageUnderTest(read.envelope, { code: read.envelope.event } as never));
  const C = 'Bundle.entry[1].resource';
  const inClaim = (nodes: readonly { path: string }[]) => nodes.map((n) => n.path).filter((p) => p.startsWith(C)).map((p) => p.slice(C.length) || '.');
  return {
    concepts: inClaim(shapes.concepts),
    references: inClaim(shapes.references),
    extended: inClaim(shapes.extended),
    singleCodings: inClaim(shapes.singleCodings),
    sequenced: inClaim(shapes.sequenced),
    sequences: shapes.sequenced.map((n, i) => [n.path, shapes.sequences[i]] as const).filter(([p]) => p.startsWith(C)).map(([, bits]) => bits),
  };
}

describe('element shapes (walk.ts)', () => {
  it('tells each positiveInt element by its bit, in POSITIVE_INT_ELEMENTS order', () => {
    const item = Object.fromEntries(POSITIVE_INT_ELEMENTS.map((name, i) => [name, i + 1]));
    const shapes = shapesOf({ item: [item, { sequence: 1 }, { productOrService: {} }], careTeam: [{ careTeamSequence: [1] }] });
    expect(shapes.sequenced).toEqual(['.item[0]', '.item[1]', '.careTeam[0]']);
    expect(shapes.sequences).toEqual([0b1111_1111, 0b1, 0b10]);
    for (const [i, name] of POSITIVE_INT_ELEMENTS.entries()) {
      expect(shapesOf({ item: [{ [name]: 1 }] }).sequences).toEqual([1 << i]);
    }
  });

  it('a CodeableConcept has a coding array; a Reference has a literal or logical reference, and is not an Identifier', () => {
    const shapes = shapesOf({
      type: { coding: [{ code: 'x' }] },
      subType: { coding: { code: 'not an array' } },
      patient: { reference: 'Patient/1' },
      insurer: { identifier: { value: 'x' } },
      identifier: [{ identifier: { value: 'an Identifier is no Reference' } }],
      provider: { reference: 7 },
    });
    expect(shapes.concepts).toEqual(['.type']);
    expect(shapes.references).toEqual(['.patient', '.insurer']);
  });

  it('objects carrying extensions, and the single Codings (valueCoding...), not those of a coding array', () => {
    const shapes = shapesOf({
      extension: [{ url: 'a', valueCoding: { code: 'x' } }, { url: 'b', modifierExtension: [] }],
      type: { coding: [{ code: 'x' }] },
      aCoding: { code: 'y' },
      ACoding: { code: 'not one' },
      Coding: { code: 'not one' },
    });
    expect(shapes.extended).toEqual(['.', '.extension[1]']);
    expect(shapes.singleCodings).toEqual(['.extension[0].valueCoding', '.aCoding']);
  });
});
