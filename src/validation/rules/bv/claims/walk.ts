/**
 * The FHIR data types this area's rules recognise by shape (a CodeableConcept by its `coding`
 * array, a Reference by its `reference`...), found for every object of the message's shared walk
 * (validation/elements.ts) in one pass per message, shared by every rule that asks.
 *
 * Why one pass: reading a property of an object of unknown shape costs about as much as listing
 * all its property names, so each object's names are listed once and matched against every
 * shape here, rather than each rule probing each object for its own properties (issue 3).
 */
import { asObject } from '../../../../fhir/json.js';
import type { ElementNode } from '../../../elements.js';
import type { MessageUnderTest } from '../../../message.js';

/** The positiveInt elements of claims and claim responses: sequences and the links to them (BV-00272). */
export const POSITIVE_INT_ELEMENTS = [
  'sequence', 'careTeamSequence', 'diagnosisSequence', 'procedureSequence', 'informationSequence',
  'itemSequence', 'detailSequence', 'subDetailSequence',
] as const;

// Shape bits: one per positiveInt element (bit i for POSITIVE_INT_ELEMENTS[i]), then the data types.
const POSITIVE_INTS = (1 << POSITIVE_INT_ELEMENTS.length) - 1;
/** A CodeableConcept: an object with a `coding` array. */
const CODEABLE_CONCEPT = 1 << 8;
/** A Reference: an object with a literal `reference`, or a logical `identifier` reference (not an Identifier itself). */
const REFERENCE = 1 << 9;
/** An object carrying `extension` or `modifierExtension`. */
const EXTENDED = 1 << 10;

export interface ElementShapes {
  /** The CodeableConcepts, in walk order. */
  readonly concepts: readonly ElementNode[];
  /** The References, in walk order. */
  readonly references: readonly ElementNode[];
  /** The objects carrying extensions, in walk order. */
  readonly extended: readonly ElementNode[];
  /** Codings that are not in a `coding` array: `valueCoding`, `eventCoding`... */
  readonly singleCodings: readonly ElementNode[];
  /** The objects holding positiveInt elements, in walk order. */
  readonly sequenced: readonly ElementNode[];
  /** Which positiveInt elements each of `sequenced` holds: bit i for POSITIVE_INT_ELEMENTS[i]. */
  readonly sequences: readonly number[];
}

/** The shapes of the message's objects, found once per message. */
export function elementShapes(message: MessageUnderTest): ElementShapes {
  return message.shared(findShapes);
}

function findShapes(message: MessageUnderTest): ElementShapes {
  const shapes = { concepts: [] as ElementNode[], references: [] as ElementNode[], extended: [] as ElementNode[], singleCodings: [] as ElementNode[], sequenced: [] as ElementNode[], sequences: [] as number[] };
  for (const visited of message.elements.objects) {
    if (visited.key !== undefined && isSingleCoding(visited.key)) shapes.singleCodings.push(visited);
    const shape = shapeOf(visited);
    if (shape === 0) continue;
    if ((shape & CODEABLE_CONCEPT) !== 0) shapes.concepts.push(visited);
    if ((shape & REFERENCE) !== 0) shapes.references.push(visited);
    if ((shape & EXTENDED) !== 0) shapes.extended.push(visited);
    if ((shape & POSITIVE_INTS) !== 0) {
      shapes.sequenced.push(visited);
      shapes.sequences.push(shape & POSITIVE_INTS);
    }
  }
  return shapes;
}

/** `valueCoding`, `eventCoding`: a lower-case letter followed by `Coding` (what `/[a-z]Coding$/` says, without a regex per object). */
function isSingleCoding(key: string): boolean {
  // Most keys do not end with "g": one character read spares them the string search.
  if (key.length <= 6 || key.charCodeAt(key.length - 1) !== 103 || !key.endsWith('Coding')) return false;
  const before = key.charCodeAt(key.length - 7);
  return before >= 97 && before <= 122;
}

/**
 * The shape bits of one object. Its property names are listed once (`for...in`: parsed JSON has
 * no inherited enumerable properties) and matched by a `switch`, which compares the interned
 * names by identity. A CodeableConcept or Reference is then confirmed by reading the value. The
 * positiveInt and extension names are taken as found: such a property holding `undefined` (only
 * possible in objects built in code) is read as absent by the rules all the same.
 */
function shapeOf({ node, key }: ElementNode): number {
  let names = 0;
  for (const name in node) {
    // The first eight cases are POSITIVE_INT_ELEMENTS, bit i for the i-th (walk.test.ts checks each).
    switch (name) {
      case 'sequence': names |= 1 << 0; break;
      case 'careTeamSequence': names |= 1 << 1; break;
      case 'diagnosisSequence': names |= 1 << 2; break;
      case 'procedureSequence': names |= 1 << 3; break;
      case 'informationSequence': names |= 1 << 4; break;
      case 'itemSequence': names |= 1 << 5; break;
      case 'detailSequence': names |= 1 << 6; break;
      case 'subDetailSequence': names |= 1 << 7; break;
      case 'coding': names |= CODEABLE_CONCEPT; break;
      case 'reference':
      case 'identifier': names |= REFERENCE; break;
      case 'extension':
      case 'modifierExtension': names |= EXTENDED; break;
    }
  }
  let shape = names & (POSITIVE_INTS | EXTENDED);
  if ((names & CODEABLE_CONCEPT) !== 0 && Array.isArray(node.coding)) shape |= CODEABLE_CONCEPT;
  if ((names & REFERENCE) !== 0 && key !== undefined && key !== 'identifier' && (typeof node.reference === 'string' || asObject(node.identifier) !== undefined)) {
    shape |= REFERENCE;
  }
  return shape;
}
