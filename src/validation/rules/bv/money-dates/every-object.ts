/**
 * The rules that look at every object of the message share one pass over it: every Period
 * (BV-00052), every dateTime string (BV-00265), every Quantity (BV-00280), every Dosage (BV-00307,
 * BV-00308) and every Money (GE-00028). Each rule used to walk the message, or a filter of it, on
 * its own; now `objectFindings` walks the `allObjects` nodes once per message and keeps each rule's
 * findings apart, in walk order, so what each rule reports and in which order does not change.
 * A FHIRPath is built only for a finding.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { ElementNode } from '../../../elements.js';
import type { MessageUnderTest } from '../../../message.js';
import { compareDates, isDateTimeText, parseDate } from './dates.js';
import { hasFractionOfHalala } from './money.js';
import { NO_FINDINGS } from './support.js';

/** What the rules over every object found, rule by rule (each `NO_FINDINGS` until it finds something). */
export class ObjectFindings {
  /** BV-00052: a Period ends before it starts. */
  periodEnds: Finding[] = NO_FINDINGS;
  /** BV-00265: a dateTime longer than 29 characters. */
  dateTimeLengths: Finding[] = NO_FINDINGS;
  /** BV-00280: a Quantity.unit longer than 40 characters. */
  quantityUnits: Finding[] = NO_FINDINGS;
  /** BV-00307: a Dosage.text too long. */
  dosageTexts: Finding[] = NO_FINDINGS;
  /** BV-00308: a Dosage.patientInstruction too long. */
  dosageInstructions: Finding[] = NO_FINDINGS;
  /** GE-00028: a Money with more than two decimals. */
  moneyDecimals: Finding[] = NO_FINDINGS;
}

/** The findings of the rules over every object, computed once per message. */
export function objectFindings(message: MessageUnderTest): ObjectFindings {
  return message.shared(findAll);
}

function findAll(message: MessageUnderTest): ObjectFindings {
  const found = new ObjectFindings();
  const nodes = message.elements.allObjects;
  for (let i = 0; i < nodes.length; i++) {
    const visited = nodes[i] as ElementNode;
    if (scanProperties(visited, found)) numericValue(visited, visited.node.value as number, found);
    const key = visited.key;
    if (key === undefined) continue;
    if (isPeriodKey(key)) period(visited, found);
    else if (key === 'dosageInstruction' || key === 'dosage') dosage(visited, found);
  }
  return found;
}

/** `period` or `…Period` (the last letter is tested first: most keys end otherwise). */
function isPeriodKey(key: string): boolean {
  return key.charCodeAt(key.length - 1) === 100 /* d */ && (key === 'period' || key.endsWith('Period'));
}

/**
 * One look at every property of the object: its string values for BV-00265, and whether `value`
 * is a number (a Quantity or a Money: the caller's business). Seeing `value` while enumerating is
 * cheaper than asking each object for it by name, as the objects all differ in shape.
 */
function scanProperties(visited: ElementNode, found: ObjectFindings): boolean {
  const object = visited.node;
  let numericValue = false;
  // `for...in` visits a parsed object's own keys in `Object.keys` order, without making the array.
  for (const key in object) {
    const value = object[key];
    if (typeof value === 'string') {
      // BV-00265: a dateTime is recognised by its shape (a date, `T` and a time); only fractional
      // seconds make one longer than 29 characters.
      if (value.length > 29 && isDateTimeText(value)) {
        found.dateTimeLengths = add(found.dateTimeLengths, error('BV-00265', `${visited.path}.${key}`, `dateTime is ${value.length} characters long (at most 29)`));
      }
    } else if (typeof value === 'number' && key === 'value') {
      numericValue = true;
    }
  }
  return numericValue;
}

/** Money-typed elements of the NPHIES profiles, recognised even when the currency is left out (GE-00028). */
const MONEY_ELEMENTS = new Set(['unitPrice', 'net', 'valueMoney', 'amount', 'allowedMoney', 'usedMoney', 'paymentAmount']);

/** An object with a numeric `value`: a Quantity (BV-00280) or a Money (GE-00028). */
function numericValue(visited: ElementNode, value: number, found: ObjectFindings): void {
  const node = visited.node;
  // A Quantity: a numeric value with a unit (Money has a currency instead).
  if (typeof node.unit === 'string' && node.unit.length > 40) {
    found.quantityUnits = add(found.quantityUnits, error('BV-00280', `${visited.path}.unit`, 'Quantity.unit is longer than 40 characters'));
  }
  // A Money: an element with a currency, or one of the Money elements NPHIES uses without it.
  if (typeof node.currency !== 'string' && (visited.key === undefined || !MONEY_ELEMENTS.has(visited.key))) return;
  if (hasFractionOfHalala(value)) found.moneyDecimals = add(found.moneyDecimals, error('GE-00028', visited.path, `${value} has more than two decimals`));
}

/** BV-00052: a Period (an element named `period` or `…Period`) does not end before it starts. */
function period(visited: ElementNode, found: ObjectFindings): void {
  const node = visited.node;
  if (typeof node.start !== 'string' || typeof node.end !== 'string') return;
  const start = parseDate(node.start);
  const end = parseDate(node.end);
  if (start && end && compareDates(end, start) < 0) found.periodEnds = add(found.periodEnds, error('BV-00052', `${visited.path}.end`, 'period ends before it starts'));
}

const ARABIC = /[\u0600-\u06FF]/;

/**
 * BV-00307 (text), BV-00308 (patientInstruction): at most 4000 characters, or 2000 when the text
 * is Arabic. A Dosage is any element named `dosageInstruction` or `dosage`.
 */
function dosage(visited: ElementNode, found: ObjectFindings): void {
  const node = visited.node;
  if (tooLong(node.text)) found.dosageTexts = add(found.dosageTexts, error('BV-00307', `${visited.path}.text`, `Dosage.text is longer than ${limitOf(node.text as string)} characters`));
  if (tooLong(node.patientInstruction)) {
    const text = node.patientInstruction as string;
    found.dosageInstructions = add(found.dosageInstructions, error('BV-00308', `${visited.path}.patientInstruction`, `Dosage.patientInstruction is longer than ${limitOf(text)} characters`));
  }
}

function tooLong(text: unknown): boolean {
  // Fewer UTF-16 units than the smaller limit is within either, without counting characters.
  if (typeof text !== 'string' || text.length <= 2000) return false;
  return [...text].length > limitOf(text);
}

/** Arabic script takes two bytes a character in the NPHIES store, hence half the length. */
function limitOf(text: string): number {
  return ARABIC.test(text) ? 2000 : 4000;
}

/** Appends to a rule's list, replacing the shared empty one on the first finding. */
function add(list: Finding[], finding: Finding): Finding[] {
  if (list === NO_FINDINGS) return [finding];
  list.push(finding);
  return list;
}
