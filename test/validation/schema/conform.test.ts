import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnySchemaObject } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileConformance } from '../../../src/validation/schema/conform.js';
import { compileR4Schema, type CompiledSchema } from '../../../src/validation/schema/compile.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const samplesDir = join(root, 'test', '__fixtures__', 'nphies-samples');
const samples: { name: string; bundle: Json }[] = readdirSync(samplesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({ name, bundle: JSON.parse(readFileSync(join(samplesDir, name), 'utf8')) as Json }));

type Json = any;

let schema: CompiledSchema;

beforeAll(() => {
  schema = compileR4Schema();
}, 60_000);

/** Ajv's verdict, the reference: true, false, or 'throws' (stack exhaustion). */
function ajvVerdict(resource: unknown): boolean | 'throws' {
  try {
    return schema.validate(resource);
  } catch {
    return 'throws';
  }
}

describe('agrees with Ajv', () => {
  it('on every official sample and on each of its entry resources', () => {
    let checked = 0;
    for (const { bundle } of samples) {
      const resources: unknown[] = [bundle, ...((bundle.entry ?? []) as Json[]).map((e) => e.resource)];
      for (const resource of resources) {
        expect(schema.conforms(resource)).toBe(ajvVerdict(resource));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('on thousands of samples broken at random places', () => {
    const random = seeded(20240611);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const source = samples[Math.floor(random() * samples.length)] as { bundle: Json };
      const bundle = structuredClone(source.bundle);
      const mutation = mutate(bundle, random);
      const expected = ajvVerdict(bundle);
      if (schema.conforms(bundle) !== expected) {
        throw new Error(`conforms disagrees with Ajv (Ajv: ${String(expected)}) after ${mutation}`);
      }
      if (expected === true) accepted++;
      else rejected++;
    }
    // Both verdicts must be well represented for the comparison to mean anything.
    expect(accepted).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(1000);
  });

  it('on resources that are not objects, or have no or an unknown resourceType', () => {
    for (const input of [null, undefined, 'Patient', 42, true, [], [{ resourceType: 'Patient' }], {}, { resourceType: 5 }, { resourceType: 'Foo' }, { resourceType: 'User' }]) {
      expect(schema.conforms(input)).toBe(ajvVerdict(input));
    }
  });
});

describe('says no where unsure, leaving the verdict to Ajv', () => {
  it('a valid resource nested deeper than it walks', () => {
    let extension: Json = { url: 'x', valueString: 'v' };
    for (let i = 0; i < 200; i++) extension = { url: 'x', extension: [extension] };
    const patient = { resourceType: 'Patient', extension: [extension] };
    expect(schema.validate(patient)).toBe(true);
    expect(schema.conforms(patient)).toBe(false);
  });

  it('a cyclic object', () => {
    const patient: Json = { resourceType: 'Patient' };
    patient.contained = [patient];
    expect(schema.conforms(patient)).toBe(false);
  });

  it('an object that is not a plain JSON object (its prototype could supply elements)', () => {
    const patient = Object.assign(Object.create(null) as object, { resourceType: 'Patient', id: 'p1' });
    expect(schema.conforms(patient)).toBe(false);
  });
});

describe('refuses at build time a schema it would not apply exactly', () => {
  const resourceList: AnySchemaObject = {
    type: 'object',
    required: ['resourceType'],
    discriminator: { propertyName: 'resourceType' },
    oneOf: [{ $ref: '#/definitions/Basic' }],
  };
  const basic = (extra: Record<string, unknown>): AnySchemaObject => ({
    type: 'object',
    additionalProperties: false,
    properties: { resourceType: { const: 'Basic' }, id: { type: 'string', pattern: '^[a-z]+$' } },
    ...extra,
  });

  it('compiles the supported keywords', () => {
    const conforms = compileConformance({ ResourceList: resourceList, Basic: basic({ required: ['id'] }) }, 'ResourceList');
    expect(conforms({ resourceType: 'Basic', id: 'abc' })).toBe(true);
    expect(conforms({ resourceType: 'Basic', id: 'ABC' })).toBe(false);
    expect(conforms({ resourceType: 'Basic' })).toBe(false);
    expect(conforms({ resourceType: 'Basic', id: 'abc', other: 1 })).toBe(false);
  });

  it.each([
    ['a keyword it does not implement', basic({ minProperties: 2 }), /keyword 'minProperties' at Basic/],
    ['open objects', basic({ additionalProperties: true }), /Basic is not additionalProperties: false/],
  ])('%s', (_label, definition, message) => {
    expect(() => compileConformance({ ResourceList: resourceList, Basic: definition }, 'ResourceList')).toThrow(message);
  });

  it('an element typed in a way it does not implement', () => {
    const definition = basic({});
    (definition.properties as Record<string, unknown>).count = { type: 'integer' };
    expect(() => compileConformance({ ResourceList: resourceList, Basic: definition }, 'ResourceList')).toThrow(/Basic.count is not type string, number or boolean/);
  });
});

/** A small deterministic PRNG (mulberry32), so that a failure names a reproducible mutation. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that test the edges of the primitive patterns, the JSON types and the resource dispatch. */
const ODD_VALUES: unknown[] = [
  '', ' ', 'x', ' x', 'x ', 'a  b', 'a b', 'a\tb', 'a\nb', 'a\u000bb', 'a\u00a0b', 'a\u2028b', 'a\ufeffb', '\ud83d\ude00', '\ud800',
  'a'.repeat(64), 'a'.repeat(65), 'abc-1.2', 'abc_1', 'urn:uuid:0c3e5bd1-8b4c-4e1c-9b1a-2f8e2b9f1a11', 'urn:oid:1.2.3',
  '2024', '2024-02', '2024-02-30', '2024-13-01', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00+03:00', '2024-01-01T10:00Z', '0000-01-01', '10:00:00',
  'true', 'false', 'claim', 'preauthorization', 'active', 'message', 'Claim', 'Patient', 'Foo', 'User',
  0, -1, 1.5, 1e21, true, false, null, {}, [], [1], ['x'], [{}], { url: 'x' }, { resourceType: 'Basic' }, { resourceType: 'Foo' }, { value: 1 },
];

/** Breaks (or harmlessly changes) one place of `bundle`; returns a description of what it did. */
function mutate(bundle: Json, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const places = collectPlaces(bundle, 'Bundle');
  const [parent, key, path] = pick(places);
  const current = parent[key];
  switch (Math.floor(random() * 7)) {
    case 0:
      parent[key] = structuredClone(pick(ODD_VALUES));
      return `${path} = ${JSON.stringify(parent[key])}`;
    case 1:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return `delete ${path}`;
    case 2:
      parent[key] = [current];
      return `${path} wrapped in an array`;
    case 3:
      parent[key] = Array.isArray(current) ? current[0] : current;
      return `${path} unwrapped from its array`;
    case 4: {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return 'no change';
      const name = pick(['colour', '_status', 'extension', 'resourceType', 'id', 'valueString', '__proto__', 'constructor']);
      Object.defineProperty(current, name, { value: structuredClone(pick(ODD_VALUES)), enumerable: true, writable: true, configurable: true });
      return `${path}.${name} = ${JSON.stringify(current[name])}`;
    }
    case 5: {
      // Swap in a value of the same JSON type taken from elsewhere in the bundle.
      const [otherParent, otherKey] = pick(places);
      parent[key] = structuredClone(otherParent[otherKey]);
      return `${path} = a value from elsewhere`;
    }
    default:
      if (typeof current === 'string') {
        parent[key] = pick([`${current} `, ` ${current}`, `${current}${current}`, current.slice(1), current.toUpperCase(), `${current}\u00a0x`]);
        return `${path} = ${JSON.stringify(parent[key])}`;
      }
      parent[key] = typeof current === 'number' ? String(current) : typeof current === 'boolean' ? String(current) : current;
      return `${path} stringified`;
  }
}

/** A value's container, its key there and a FHIRPath-like path for failure messages. */
type Place = [container: Json, key: string | number, path: string];

/** Every place in the bundle, the bundle's own elements included. */
function collectPlaces(node: Json, path: string, out: Place[] = []): Place[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      out.push([node, i, `${path}[${i}]`]);
      collectPlaces(item, `${path}[${i}]`, out);
    });
  } else if (typeof node === 'object' && node !== null) {
    for (const key of Object.keys(node)) {
      out.push([node, key, `${path}.${key}`]);
      collectPlaces(node[key], `${path}.${key}`, out);
    }
  }
  return out;
}
