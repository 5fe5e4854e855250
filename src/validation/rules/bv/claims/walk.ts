/**
 * Every JSON object of every entry's resource, with its FHIRPath and the property it sits
 * under (`coding` for each Coding of a `coding` array), as the message's shared walk holds them
 * (validation/elements.ts): the walk is done once per message, the paths built only for findings.
 */
import { asObject } from '../../../../fhir/json.js';
import type { ElementNode, NodeFilter } from '../../../elements.js';
import type { MessageUnderTest } from '../../../message.js';

/** A visited object: `node`, lazily built `path`, `key` (undefined for the resource) and `entry`. */
export type VisitedObject = ElementNode;

export function forEachObject(message: MessageUnderTest, visit: (visited: VisitedObject) => void): void {
  for (const element of message.elements.objects) visit(element);
}

/** Runs `check` on every visited object and collects what it returns. */
export function collectFrom<T>(message: MessageUnderTest, check: (visited: VisitedObject) => T[]): T[] {
  return collectFromNodes(message.elements.objects, check);
}

/** Runs `check` on the given objects (a walk-ordered subset from the shared walk) and collects what it returns. */
export function collectFromNodes<T>(nodes: readonly VisitedObject[], check: (visited: VisitedObject) => T[]): T[] {
  const out: T[] = [];
  for (const node of nodes) {
    const found = check(node);
    if (found.length > 0) out.push(...found);
  }
  return out;
}

// The data types rules look for, as filters of the shared walk: each is computed once per message
// whichever rules ask (a filter's identity keys the cache, so these are the shared ones).

/** A Coding: an element of a `coding` array, or a single Coding such as `eventCoding`/`valueCoding`. */
export const isCoding: NodeFilter = ({ key }) => key !== undefined && (key === 'coding' || endsWithTypeName(key, 'Coding'));

/** `key` is a lower-case letter followed by `type` (`eventCoding`, `valueCoding`): what `/[a-z]Coding$/` said, without a regex per object. */
function endsWithTypeName(key: string, type: string): boolean {
  if (key.length <= type.length || !key.endsWith(type)) return false;
  const before = key.charCodeAt(key.length - type.length - 1);
  return before >= 97 && before <= 122;
}

/** A CodeableConcept: any object with a `coding` array. */
export const isCodeableConcept: NodeFilter = ({ node }) => Array.isArray(node.coding);

/** A Reference: an object with a literal `reference`, or a logical `identifier` reference. */
export const isReference: NodeFilter = ({ node, key }) =>
  key !== undefined && key !== 'identifier' && (typeof node.reference === 'string' || asObject(node.identifier) !== undefined);

/** An entry's resource itself. */
export const isResourceRoot: NodeFilter = ({ key }) => key === undefined;

/** An object carrying `extension` or `modifierExtension`. */
export const hasExtensions: NodeFilter = ({ node }) => node.extension !== undefined || node.modifierExtension !== undefined;
