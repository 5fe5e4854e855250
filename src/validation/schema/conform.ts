/**
 * The fast first pass of the base-schema layer: does a resource conform to the R4 JSON schema,
 * yes or no? Almost every message does, and for those this pass is the whole cost of the layer;
 * only when it answers no does the reporting validator (Ajv, all errors, verbose) run to say where.
 *
 * Why not Ajv for this too: Ajv's code tests every property a definition declares
 * (`data.identifier !== undefined`, ~120 per Claim), and inside the full pipeline, where the rules
 * and the other layers walk the same objects in between, those loads on objects of ever-changing
 * shapes cost three times what they cost alone. This pass walks the properties the data HAS,
 * looking each one up in a Map compiled from the definition, so the work follows the message's
 * size, not the schema's.
 *
 * Contract: it never accepts what Ajv rejects. It reads the same definitions and implements the
 * handful of keywords the R4 schema uses, exactly as Ajv applies them (type, pattern, enum, const,
 * properties, additionalProperties: false, required, items, $ref and the resourceType
 * discriminator); a definition using anything else stops the build at start. Where it is unsure
 * (an object that is not a plain JSON object, nesting deeper than MAX_DEPTH) it answers no and
 * leaves the verdict to Ajv, so findings never depend on this pass.
 * test/validation/schema/conform.test.ts compares its verdict with Ajv's on mutated samples.
 */
import type { AnySchemaObject } from 'ajv';

export type Conformance = (resource: unknown) => boolean;

/**
 * Deeper than this many nested objects, the pass gives up and Ajv decides (it also reports a body
 * too deep for its own recursion). Real messages nest about 12 levels.
 */
export const MAX_DEPTH = 100;

/** What one element's value must be. Numbers, not a union of classes: one shape keeps property reads monomorphic. */
export const KIND = {
  /** A JSON string matching a pattern (the primitive string types: string, uri, code, id, dateTime...). */
  patternString: 0,
  /** Any JSON string (xhtml, base64Binary). */
  string: 1,
  number: 2,
  boolean: 3,
  /** One of the listed codes (`enum`). */
  code: 4,
  /** Exactly one string (`const`: a resource's own resourceType). */
  fixed: 5,
  /** An object of a complex type, backbone element or resource definition. */
  object: 6,
  /** Any R4 resource, chosen by its resourceType (the `ResourceList` discriminator). */
  resource: 7,
} as const;
type Kind = (typeof KIND)[keyof typeof KIND];

/** The elements of one object definition, by JSON property name (including the `_x` primitive extensions). */
export class ObjectShape {
  readonly elements = new Map<string, ElementCheck>();
  readonly required: string[] = [];
}

export class ElementCheck {
  constructor(
    readonly kind: Kind,
    /** `type: array`: the value is a JSON array and each item is checked. */
    readonly repeats: boolean,
    readonly pattern: RegExp | undefined,
    readonly codes: ReadonlySet<unknown> | undefined,
    readonly fixed: string | undefined,
    readonly shape: ObjectShape | undefined,
    readonly resources: ReadonlyMap<string, ObjectShape> | undefined,
  ) {}

  asRepeating(): ElementCheck {
    return new ElementCheck(this.kind, true, this.pattern, this.codes, this.fixed, this.shape, this.resources);
  }
}

/**
 * Compiles the prepared definitions (see compile.ts) into a conformance test of the definition
 * `root`, which must be the resourceType discriminator every resource position refers to.
 */
export function compileConformance(definitions: Readonly<Record<string, AnySchemaObject>>, root: string): Conformance {
  return conformanceOf(compileShapes(definitions, root));
}

/** The shape of each resource type, as the pass reads them (prune.ts walks the same shapes). */
export type ResourceShapes = ReadonlyMap<string, ObjectShape>;

export function compileShapes(definitions: Readonly<Record<string, AnySchemaObject>>, root: string): ResourceShapes {
  return new ShapeCompiler(definitions, root).resources;
}

export function conformanceOf(resources: ResourceShapes): Conformance {
  return (resource) => conformsResource(resource, resources, 0);
}

const DEFINITIONS = '#/definitions/';

class ShapeCompiler {
  readonly resources = new Map<string, ObjectShape>();
  private readonly shapes = new Map<string, ObjectShape>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(
    private readonly definitions: Readonly<Record<string, AnySchemaObject>>,
    private readonly root: string,
  ) {
    const list = this.definition(root);
    expectKeywords(list, ['type', 'required', 'discriminator', 'oneOf'], root);
    const tag = (list.discriminator as { propertyName?: unknown } | undefined)?.propertyName;
    if (list.type !== 'object' || tag !== 'resourceType' || !sameList(list.required, ['resourceType']) || !Array.isArray(list.oneOf)) {
      throw unsupported(root, 'an object with a required resourceType discriminator');
    }
    for (const branch of list.oneOf as AnySchemaObject[]) {
      expectKeywords(branch, ['$ref'], `${root}.oneOf`);
      const name = refName(branch.$ref, root);
      const resourceType = (this.definition(name).properties as Record<string, AnySchemaObject> | undefined)?.resourceType?.const;
      // Ajv maps each tag value to the branch whose resourceType is that const.
      if (typeof resourceType !== 'string') throw unsupported(name, 'a resourceType const');
      this.resources.set(resourceType, this.shape(name));
    }
  }

  private definition(name: string): AnySchemaObject {
    const definition = this.definitions[name];
    if (!definition) throw new Error(`conformance: no definition ${name}`);
    return definition;
  }

  /** Shapes are created before they are filled, so that recursive types (Extension, Identifier) refer to themselves. */
  private shape(name: string): ObjectShape {
    let shape = this.shapes.get(name);
    if (!shape) {
      shape = new ObjectShape();
      this.shapes.set(name, shape);
      this.fill(shape, name);
    }
    return shape;
  }

  private fill(shape: ObjectShape, name: string): void {
    const definition = this.definition(name);
    expectKeywords(definition, ['type', 'properties', 'additionalProperties', 'required'], name);
    if (definition.type !== 'object') throw unsupported(name, 'type: object');
    if (definition.additionalProperties !== false) throw unsupported(name, 'additionalProperties: false');
    for (const [element, schema] of Object.entries(definition.properties as Record<string, AnySchemaObject>)) {
      const where = `${name}.${element}`;
      if (schema.type === 'array') {
        expectKeywords(schema, ['type', 'items'], where);
        shape.elements.set(element, this.value(schema.items as AnySchemaObject, where).asRepeating());
      } else {
        shape.elements.set(element, this.value(schema, where));
      }
    }
    const required = definition.required ?? [];
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) throw unsupported(name, 'a list of required names');
    shape.required.push(...(required as string[]));
  }

  private value(schema: AnySchemaObject, where: string): ElementCheck {
    if (schema.$ref !== undefined) {
      expectKeywords(schema, ['$ref'], where);
      const name = refName(schema.$ref, where);
      if (name === this.root) return check(KIND.resource, { resources: this.resources });
      const target = this.definition(name);
      return target.type === 'object' ? check(KIND.object, { shape: this.shape(name) }) : this.primitive(target, name);
    }
    if (schema.enum !== undefined) {
      expectKeywords(schema, ['enum'], where);
      if (!Array.isArray(schema.enum) || !schema.enum.every((v) => typeof v === 'string')) throw unsupported(where, 'an enum of strings');
      // Ajv compares with deep equality; against strings that is ===, which is what Set.has does.
      return check(KIND.code, { codes: new Set<unknown>(schema.enum) });
    }
    if (schema.const !== undefined) {
      expectKeywords(schema, ['const'], where);
      if (typeof schema.const !== 'string') throw unsupported(where, 'a string const');
      return check(KIND.fixed, { fixed: schema.const });
    }
    return this.primitive(schema, where);
  }

  /** A primitive: a JSON type, and for strings maybe a pattern (Ajv applies `pattern` to strings only). */
  private primitive(schema: AnySchemaObject, where: string): ElementCheck {
    expectKeywords(schema, ['type', 'pattern'], where);
    const pattern = schema.pattern as unknown;
    if (pattern !== undefined && typeof pattern !== 'string') throw unsupported(where, 'a string pattern');
    switch (schema.type) {
      case 'string':
        return pattern === undefined ? check(KIND.string, {}) : check(KIND.patternString, { pattern: this.pattern(pattern) });
      case 'number':
        return check(KIND.number, {});
      case 'boolean':
        return check(KIND.boolean, {});
      default:
        throw unsupported(where, 'type string, number or boolean');
    }
  }

  /**
   * Built as Ajv builds it (`u` flag), so that each string gets the same verdict. Character-code
   * loops for the common patterns (uri, string, code, id) were tried: they cost about twice as much
   * as V8's compiled RegExp on the URLs and texts of a claim.
   */
  private pattern(source: string): RegExp {
    let pattern = this.patterns.get(source);
    if (!pattern) {
      pattern = new RegExp(source, 'u');
      this.patterns.set(source, pattern);
    }
    return pattern;
  }
}

function check(
  kind: Kind,
  parts: { pattern?: RegExp; codes?: ReadonlySet<unknown>; fixed?: string; shape?: ObjectShape; resources?: ReadonlyMap<string, ObjectShape> },
): ElementCheck {
  return new ElementCheck(kind, false, parts.pattern, parts.codes, parts.fixed, parts.shape, parts.resources);
}

/** `description` is documentation; any other keyword not in `allowed` would be one this pass does not apply. */
function expectKeywords(schema: AnySchemaObject, allowed: readonly string[], where: string): void {
  for (const keyword of Object.keys(schema)) {
    if (keyword !== 'description' && !allowed.includes(keyword)) throw new Error(`conformance: keyword '${keyword}' at ${where} is not supported`);
  }
}

function refName(ref: unknown, where: string): string {
  if (typeof ref !== 'string' || !ref.startsWith(DEFINITIONS)) throw unsupported(where, `a $ref into ${DEFINITIONS}`);
  return ref.slice(DEFINITIONS.length);
}

function sameList(value: unknown, expected: readonly string[]): boolean {
  return Array.isArray(value) && value.length === expected.length && value.every((v, i) => v === expected[i]);
}

function unsupported(where: string, expected: string): Error {
  return new Error(`conformance: ${where} is not ${expected}`);
}

// --- the pass itself: no allocation, no closures; false as soon as anything is off.

function conformsResource(data: unknown, resources: ReadonlyMap<string, ObjectShape>, depth: number): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const resourceType = (data as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') return false;
  const shape = resources.get(resourceType);
  return shape !== undefined && conformsObject(data, shape, depth);
}

function conformsObject(data: unknown, shape: ObjectShape, depth: number): boolean {
  if (typeof data !== 'object' || data === null || depth > MAX_DEPTH) return false;
  // Ajv also reads inherited properties (`data.x !== undefined`); a JSON object inherits only from Object.prototype, which has no FHIR element names.
  if (Object.getPrototypeOf(data) !== Object.prototype) return false;
  const record = data as Record<string, unknown>;
  const elements = shape.elements;
  for (const key in record) {
    const element = elements.get(key);
    // additionalProperties: false
    if (element === undefined) return false;
    const value = record[key];
    // Ajv treats a property whose value is undefined as absent (not possible in parsed JSON).
    if (value === undefined) continue;
    if (!element.repeats) {
      if (!conformsValue(value, element, depth)) return false;
    } else {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) {
        if (!conformsValue(value[i], element, depth)) return false;
      }
    }
  }
  const required = shape.required;
  for (let i = 0; i < required.length; i++) {
    if (record[required[i] as string] === undefined) return false;
  }
  return true;
}

export function conformsValue(value: unknown, element: ElementCheck, depth: number): boolean {
  switch (element.kind) {
    case KIND.patternString:
      return typeof value === 'string' && (element.pattern as RegExp).test(value);
    case KIND.object:
      return conformsObject(value, element.shape as ObjectShape, depth + 1);
    case KIND.code:
      return (element.codes as ReadonlySet<unknown>).has(value);
    case KIND.boolean:
      return typeof value === 'boolean';
    case KIND.number:
      return typeof value === 'number';
    case KIND.fixed:
      return value === element.fixed;
    case KIND.string:
      return typeof value === 'string';
    case KIND.resource:
      return conformsResource(value, element.resources as ReadonlyMap<string, ObjectShape>, depth + 1);
  }
}
