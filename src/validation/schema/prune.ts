/**
 * What the reporting validator (Ajv) is given when the fast pass says no (issue 9, hardening item 1).
 *
 * Ajv's cost grows with the square of the errors it finds: with `allErrors`, each call of a
 * referenced definition that fails appends the callee's errors to the caller's with
 * `vErrors = vErrors.concat(callee.errors)` (ajv/lib/vocabularies/core/ref.ts, addErrorsFrom), a copy
 * of every error found so far. An array of 32,000 invalid `Reference`s (`MessageHeader.focus`) made
 * 32,000 such copies of an ever longer list: 3 s of one core for 71 KB, 14 minutes for 2 MB.
 *
 * As only the first MAX_FINDINGS errors are reported, Ajv need only see the part of the resource
 * holding them. This walk reads the same shapes as the fast pass (conform.ts), counts every place
 * that departs from the schema (a value of the wrong type or form, an unknown or missing element, a
 * resource position without a known resourceType), in JSON order, and once `keep` have been counted
 * cuts what holds the others: the rest of an array from the next failing item on, an unknown element,
 * an optional element whose value fails. Nothing it cuts can raise an error (the R4 schema has no
 * minItems, and a required element is never cut), so Ajv reports on the copy a subset of what it
 * would report on the whole, and the copy has at most about `keep` failing places, so its errors,
 * and its work, are bounded. A resource with no more than `keep` failing places is returned as it
 * came, and Ajv's findings on it are exactly what they were.
 *
 * The walk visits each value once (a conforming tail of an array once more, by the fast pass) and
 * copies only the objects and arrays on the way to a cut: linear in the size of the message.
 */
import { conformsValue, KIND, MAX_DEPTH, type ElementCheck, type ObjectShape, type ResourceShapes } from './conform.js';

export interface Pruned {
  /** The resource Ajv is to validate: the input itself when nothing was cut. */
  readonly data: unknown;
  /** True when something was cut: more than `keep` places fail, and Ajv's report is of the first ones only. */
  readonly cut: boolean;
  /** Failing places counted (a lower bound once something is cut: the rest of an array is not read). */
  readonly failures: number;
}

export type Pruning = (resource: unknown) => Pruned;

export function pruningOf(resources: ResourceShapes, keep: number): Pruning {
  return (resource) => {
    const pruner = new Pruner(resources, keep);
    const data = pruner.resource(resource, 0);
    return { data: data === DROP ? resource : data, cut: pruner.cut, failures: pruner.failures };
  };
}

/** What a value that fails after the budget is spent returns: its owner drops it when it may. */
const DROP: unique symbol = Symbol('drop');
type Kept = unknown;

class Pruner {
  #failures = 0;
  cut = false;

  get failures(): number {
    return this.#failures;
  }

  constructor(
    private readonly resources: ResourceShapes,
    private readonly keep: number,
  ) {}

  /** Counts one failing place; true when it is past the budget (its element is then to go). */
  #fail(): boolean {
    this.#failures += 1;
    return this.#failures > this.keep;
  }

  resource(data: unknown, depth: number): Kept {
    if (typeof data !== 'object' || data === null) return this.#fail() ? DROP : data;
    const resourceType = (data as { resourceType?: unknown }).resourceType;
    const shape = typeof resourceType === 'string' ? this.resources.get(resourceType) : undefined;
    // Ajv stops at the discriminator: nothing below a resource of unknown type is checked.
    if (shape === undefined) return this.#fail() ? DROP : data;
    return this.#object(data, shape, depth);
  }

  #object(data: unknown, shape: ObjectShape, depth: number): Kept {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return this.#fail() ? DROP : data;
    // Where the fast pass gives up, so does this walk: Ajv decides on the value as it is. Only places
    // that certainly fail are counted, so the first `keep` of them, which are never cut, make Ajv say no.
    if (depth > MAX_DEPTH || Object.getPrototypeOf(data) !== Object.prototype) return data;
    const record = data as Record<string, unknown>;
    // The keys listed once: enumerating an object of a million keys costs as much as parsing it.
    const keys = Object.keys(record);
    let out: Record<string, unknown> | undefined;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const value = record[key];
      const element = shape.elements.get(key);
      let next: Kept = value;
      if (element === undefined) next = this.#fail() ? DROP : value;
      else if (value !== undefined) next = element.repeats ? this.#repeating(value, element, depth) : this.#value(value, element, depth);
      // A required element stays, whatever it holds: without it, Ajv would report it missing, a new error.
      if (next === DROP && shape.required.includes(key)) next = value;
      if (next !== value && out === undefined) out = copyBefore(record, keys, k);
      if (out !== undefined && next !== DROP) setOwn(out, key, next);
    }
    const required = shape.required;
    for (let i = 0; i < required.length; i++) if (record[required[i] as string] === undefined) this.#fail();
    if (out === undefined) return record;
    this.cut = true;
    return out;
  }

  #value(value: unknown, element: ElementCheck, depth: number): Kept {
    if (element.kind === KIND.object) return this.#object(value, element.shape as ObjectShape, depth + 1);
    if (element.kind === KIND.resource) return this.resource(value, depth + 1);
    return conformsValue(value, element, depth) || !this.#fail() ? value : DROP;
  }

  #repeating(value: unknown, element: ElementCheck, depth: number): Kept {
    if (!Array.isArray(value)) return this.#fail() ? DROP : value;
    let out: unknown[] | undefined;
    let i = 0;
    for (; i < value.length; i++) {
      const item: unknown = value[i];
      let next: Kept;
      if (this.#failures >= this.keep) {
        // The budget is spent: conforming items stay (they cost Ajv no error), the first failing one ends the array.
        // (A value the fast pass is unsure of ends it too: cutting an array's tail never raises an error.)
        if (!conformsValue(item, element, depth)) {
          this.#failures += 1;
          break;
        }
        next = item;
      } else {
        next = this.#value(item, element, depth);
        if (next === DROP) break;
      }
      if (next !== item && out === undefined) out = value.slice(0, i);
      if (out !== undefined) out.push(next);
    }
    if (i < value.length) out ??= value.slice(0, i);
    if (out === undefined) return value;
    this.cut = true;
    return out;
  }
}

/** A copy of the properties of `record` that come before `keys[stop]`, in order. */
function copyBefore(record: Record<string, unknown>, keys: readonly string[], stop: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let k = 0; k < stop; k++) setOwn(out, keys[k] as string, record[keys[k] as string]);
  return out;
}

/** Sets an own property even for a key like `__proto__`, which assignment would not create. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
