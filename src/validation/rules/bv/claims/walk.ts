/**
 * Visits every JSON object of every entry's resource, with its FHIRPath and the property it sits
 * under (`coding` for each Coding of a `coding` array). Nested resources (a claim Bundle inside a
 * batch or poll response) are not entered: the pipeline validates them as messages of their own.
 */
import { asObject, type JsonObject } from '../../../../fhir/json.js';
import type { MessageUnderTest } from '../../../message.js';
import { entryPath } from '../../../message.js';

export interface VisitedObject {
  readonly node: JsonObject;
  readonly path: string;
  /** Property name the object is the value (or an array element) of; undefined for the resource itself. */
  readonly key: string | undefined;
  /** Index of the entry whose resource holds the object. */
  readonly entry: number;
}

const MAX_DEPTH = 40;

export function forEachObject(message: MessageUnderTest, visit: (visited: VisitedObject) => void): void {
  for (const entry of message.envelope.entries) {
    if (entry.resource) walk(entry.resource, entryPath(message, entry.index), undefined, entry.index, 0, visit);
  }
}

function walk(node: JsonObject, path: string, key: string | undefined, entry: number, depth: number, visit: (v: VisitedObject) => void): void {
  if (depth > MAX_DEPTH) return;
  visit({ node, path, key, entry });
  for (const [name, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      value.forEach((element, i) => {
        const child = asObject(element);
        if (child && !isResource(child)) walk(child, `${path}.${name}[${i}]`, name, entry, depth + 1, visit);
      });
    } else {
      const child = asObject(value);
      if (child && !isResource(child)) walk(child, `${path}.${name}`, name, entry, depth + 1, visit);
    }
  }
}

function isResource(object: JsonObject): boolean {
  return typeof object.resourceType === 'string';
}

/** Runs `check` on every visited object and collects what it returns. */
export function collectFrom<T>(message: MessageUnderTest, check: (visited: VisitedObject) => T[]): T[] {
  const out: T[] = [];
  forEachObject(message, (visited) => {
    const found = check(visited);
    if (found.length > 0) out.push(...found);
  });
  return out;
}
