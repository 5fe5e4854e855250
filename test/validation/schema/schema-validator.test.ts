import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/findings/finding.js';
import { createSchemaValidator, SCHEMA_CODES, type SchemaValidator } from '../../../src/validation/schema/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const samplesDir = join(root, 'test', '__fixtures__', 'nphies-samples');
const sampleNames = readdirSync(samplesDir).filter((name) => name.endsWith('.json'));

type Json = any;

function sample(name: string): Json {
  return JSON.parse(readFileSync(join(samplesDir, name), 'utf8')) as Json;
}

/** Code and expression of each finding: what a client acts on. */
function located(findings: Finding[]): { code: string; expression: string | undefined }[] {
  return findings.map((f) => ({ code: f.code, expression: f.expression }));
}

/**
 * Official samples that genuinely break the R4 JSON schema. They stay as they are (fixtures are
 * never edited); the validator reports them and these are the exact findings.
 */
const KNOWN_SAMPLE_VIOLATIONS: Record<string, { code: string; expression: string }[]> = {
  // Quantity.value is a FHIR decimal, a JSON number in R4 JSON; the sample sends the string "30"
  // (days-supply). DT-01343 is "Claim.supportingInfo.valueQuantity SHALL follow the data type".
  '9-claim-pharmacy-request.json': [{ code: 'DT-01343', expression: 'Bundle.entry[1].resource.supportingInfo[0].valueQuantity.value' }],
  // PaymentReconciliation.paymentIdentifier is 0..1 Identifier in R4, so a JSON object; the sample
  // sends an array of one. IC-01438 is "PaymentReconciliation.paymentIdentifier SHALL follow the specified cardinality".
  '13a-payment-reconciliation.json': [{ code: 'IC-01438', expression: 'Bundle.entry[1].resource.paymentIdentifier' }],
};

let validator: SchemaValidator;

beforeAll(() => {
  validator = createSchemaValidator({ schemasDir: join(root, 'schemas') });
});

describe('official NPHIES samples', () => {
  it('finds the sample pack', () => {
    expect(sampleNames.length).toBeGreaterThanOrEqual(30);
  });

  it.each(sampleNames)('%s conforms to the R4 schema (or has its one known violation)', (name) => {
    expect(located(validator.validate(sample(name)))).toEqual(KNOWN_SAMPLE_VIOLATIONS[name] ?? []);
  });

  it('reports known violations as errors with a value-free diagnostic', () => {
    const [finding] = validator.validate(sample('9-claim-pharmacy-request.json'));
    expect(finding).toEqual({
      code: 'DT-01343',
      severity: 'error',
      expression: 'Bundle.entry[1].resource.supportingInfo[0].valueQuantity.value',
      diagnostics: 'must be a JSON number (FHIR decimal)',
    });
  });
});

describe('broken on purpose (10-claim-professional-request: entry[1] Claim, entry[3] Patient)', () => {
  const claimBundle = (): Json => sample('10-claim-professional-request.json');

  it('wrong JSON type for a code element: Claim.use = 42 → DT-00230', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.use = 42;
    expect(located(validator.validate(bundle))).toEqual([{ code: 'DT-00230', expression: 'Bundle.entry[1].resource.use' }]);
  });

  it('unknown code for a code element: Claim.use = "refund" → IB-00048', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.use = 'refund';
    expect(located(validator.validate(bundle))).toEqual([{ code: 'IB-00048', expression: 'Bundle.entry[1].resource.use' }]);
  });

  it('invalid enum code: Bundle.type = "foo" → IB-00006', () => {
    const bundle = claimBundle();
    bundle.type = 'foo';
    const findings = validator.validate(bundle);
    expect(located(findings)).toEqual([{ code: 'IB-00006', expression: 'Bundle.type' }]);
    expect(findings[0]?.diagnostics).toMatch(/^must be one of: document \| message/);
  });

  it('unknown property in a nested resource → FR-00027 at the property', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.item[0].colour = 'blue';
    expect(located(validator.validate(bundle))).toEqual([{ code: 'FR-00027', expression: 'Bundle.entry[1].resource.item[0].colour' }]);
  });

  it('Medplum-only elements are not R4: Meta.project → FR-00027', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.meta.project = 'p1';
    expect(located(validator.validate(bundle))).toEqual([{ code: 'FR-00027', expression: 'Bundle.entry[1].resource.meta.project' }]);
  });

  it('bad date format: Patient.birthDate = "25/12/1984" → DT-00948', () => {
    const bundle = claimBundle();
    bundle.entry[3].resource.birthDate = '25/12/1984';
    const findings = validator.validate(bundle);
    expect(located(findings)).toEqual([{ code: 'DT-00948', expression: 'Bundle.entry[3].resource.birthDate' }]);
    expect(findings[0]?.diagnostics).toBe('is not a valid FHIR date');
  });

  it('wrong type inside a Claim, typed to the innermost resource: meta.profile[0] = 5 → DT-00179', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.meta.profile = [5];
    expect(located(validator.validate(bundle))).toEqual([{ code: 'DT-00179', expression: 'Bundle.entry[1].resource.meta.profile[0]' }]);
  });

  it('a string where a complex type is due: Claim.patient = "Patient/1" → DT-00186', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.patient = 'Patient/1';
    expect(located(validator.validate(bundle))).toEqual([{ code: 'DT-00186', expression: 'Bundle.entry[1].resource.patient' }]);
  });

  it('missing required element: Claim.patient → IC-00050 at the missing element', () => {
    const bundle = claimBundle();
    delete bundle.entry[1].resource.patient;
    const findings = validator.validate(bundle);
    expect(located(findings)).toEqual([{ code: 'IC-00050', expression: 'Bundle.entry[1].resource.patient' }]);
    expect(findings[0]?.diagnostics).toBe("required element 'patient' is missing");
  });

  it('an extension is looked up by its slice: newborn valueBoolean = "yes" → DT-01422', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.extension.push({ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-newborn', valueBoolean: 'yes' });
    expect(located(validator.validate(bundle))).toEqual([{ code: 'DT-01422', expression: 'Bundle.entry[1].resource.extension[2].valueBoolean' }]);
  });

  it("a parent element's data type rule covers its parts: MessageHeader.text.status → DT-00904 (MessageHeader.text)", () => {
    const bundle = claimBundle();
    bundle.entry[0].resource.text = { status: 'bogus', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' };
    expect(located(validator.validate(bundle))).toEqual([{ code: 'DT-00904', expression: 'Bundle.entry[0].resource.text.status' }]);
  });

  it('an element with no rule of its own or of a parent gets the fallback: Basic (not profiled by NPHIES) → GE-00007', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.contained = [{ resourceType: 'Basic', id: 'b1', code: { text: 5 } }];
    expect(located(validator.validate(bundle))).toEqual([{ code: SCHEMA_CODES.fallback, expression: 'Bundle.entry[1].resource.contained[0].code.text' }]);
    expect(SCHEMA_CODES.fallback).toBe('GE-00007');
  });

  it('entry with an unknown resourceType → one RE-00180 at the entry resource', () => {
    const bundle = claimBundle();
    bundle.entry.push({ fullUrl: 'http://x/Foo/1', resource: { resourceType: 'Foo', id: '1' } });
    const findings = validator.validate(bundle);
    expect(located(findings)).toEqual([{ code: 'RE-00180', expression: 'Bundle.entry[7].resource' }]);
    expect(findings[0]?.diagnostics).toBe('resourceType is not a FHIR R4 resource type');
  });

  it('entry with a Medplum resource type (not R4) → RE-00180', () => {
    const bundle = claimBundle();
    bundle.entry.push({ resource: { resourceType: 'User', id: '1' } });
    expect(located(validator.validate(bundle))).toEqual([{ code: 'RE-00180', expression: 'Bundle.entry[7].resource' }]);
  });

  it('entry whose resource has no resourceType → one RE-00180 at the entry resource', () => {
    const bundle = claimBundle();
    delete bundle.entry[2].resource.resourceType;
    const findings = validator.validate(bundle);
    expect(findings).toEqual([{ code: 'RE-00180', severity: 'error', expression: 'Bundle.entry[2].resource', diagnostics: 'resource has no resourceType' }]);
  });

  it('entry whose resource is not an object → FR-00005', () => {
    const bundle = claimBundle();
    bundle.entry[2].resource = 'Organization/1';
    expect(located(validator.validate(bundle))).toEqual([{ code: 'FR-00005', expression: 'Bundle.entry[2].resource' }]);
  });

  it('an unknown contained resource type (not a bundle entry) → BV-00080', () => {
    const bundle = claimBundle();
    bundle.entry[1].resource.contained = [{ resourceType: 'Bar' }];
    expect(located(validator.validate(bundle))).toEqual([{ code: 'BV-00080', expression: 'Bundle.entry[1].resource.contained[0]' }]);
  });

  it('reports several problems at once, each at its element', () => {
    const bundle = claimBundle();
    bundle.type = 'foo';
    bundle.entry[1].resource.use = 42;
    bundle.entry[3].resource.birthDate = 'yesterday';
    expect(located(validator.validate(bundle))).toEqual(
      expect.arrayContaining([
        { code: 'IB-00006', expression: 'Bundle.type' },
        { code: 'DT-00230', expression: 'Bundle.entry[1].resource.use' },
        { code: 'DT-00948', expression: 'Bundle.entry[3].resource.birthDate' },
      ]),
    );
  });

  it('never puts instance values in diagnostics', () => {
    const bundle = claimBundle();
    bundle.entry[3].resource.birthDate = 'SECRET-1984';
    bundle.entry[3].resource.gender = 'SECRET-gender';
    bundle.entry[1].resource.total = { value: 'SECRET-total' };
    bundle.entry.push({ resource: { resourceType: 'SECRET-type' } });
    const findings = validator.validate(bundle);
    expect(findings.length).toBe(4);
    for (const f of findings) expect(f.diagnostics).not.toMatch(/SECRET/);
  });

  it('caps a flood of errors and says how many were left out', () => {
    const bundle = claimBundle();
    for (let i = 0; i < 500; i++) bundle.entry[1].resource[`x${i}`] = i;
    const findings = validator.validate(bundle);
    expect(findings).toHaveLength(201);
    // The one truncation notice of every layer (findings/limit.ts): an error, since errors were left out.
    expect(findings[200]).toEqual({ code: 'WASL_INFO_FINDINGS_TRUNCATED', severity: 'error', diagnostics: 'only the first 200 errors are listed; 300 more were left out' });
  });
});

describe('expressions', () => {
  const claim = (): Json => sample('10-claim-professional-request.json').entry[1].resource;

  it('are rooted at the resource type by default', () => {
    const resource = claim();
    resource.use = 42;
    expect(located(validator.validate(resource))).toEqual([{ code: 'DT-00230', expression: 'Claim.use' }]);
  });

  it('are rooted at basePath when given', () => {
    const resource = claim();
    resource.use = 42;
    resource.item[0].bogus = true;
    expect(located(validator.validate(resource, 'Bundle.entry[2].resource'))).toEqual([
      { code: 'DT-00230', expression: 'Bundle.entry[2].resource.use' },
      { code: 'FR-00027', expression: 'Bundle.entry[2].resource.item[0].bogus' },
    ]);
  });

  it('a resource validated on its own with an unknown type at an entry basePath → RE-00180', () => {
    expect(located(validator.validate({ resourceType: 'Foo' }, 'Bundle.entry[4].resource'))).toEqual([{ code: 'RE-00180', expression: 'Bundle.entry[4].resource' }]);
  });
});

describe('never throws', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'Bundle'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [{ resourceType: 'Bundle' }]],
  ])('on %s: one finding, no expression', (_label, input) => {
    expect(validator.validate(input)).toEqual([{ code: 'GE-00007', severity: 'error', diagnostics: 'must be a JSON object (a FHIR resource)' }]);
  });

  it('on an empty object: no resourceType', () => {
    expect(validator.validate({})).toEqual([{ code: 'BV-00080', severity: 'error', diagnostics: 'resource has no resourceType' }]);
  });

  it('on a deeply nested object (stack exhaustion)', () => {
    let extension: Json = { url: 'x', valueString: 'v' };
    for (let i = 0; i < 100_000; i++) extension = { url: 'x', extension: [extension] };
    expect(validator.validate({ resourceType: 'Patient', extension: [extension] })).toEqual([
      { code: 'WASL_ERR_TOO_DEEP', severity: 'error', diagnostics: 'nested too deeply to validate' },
    ]);
  });

  it('on a moderately deep but valid object', () => {
    let extension: Json = { url: 'x', valueString: 'v' };
    for (let i = 0; i < 200; i++) extension = { url: 'x', extension: [extension] };
    expect(validator.validate({ resourceType: 'Patient', extension: [extension] })).toEqual([]);
  });

  it('on a cyclic object', () => {
    const patient: Json = { resourceType: 'Patient' };
    patient.contained = [patient];
    expect(() => validator.validate(patient)).not.toThrow();
  });

  it('on a __proto__ key parsed from JSON', () => {
    const resource = JSON.parse('{"resourceType":"Patient","__proto__":{"x":1}}') as unknown;
    expect(located(validator.validate(resource))).toEqual([{ code: 'FR-00027', expression: 'Patient.__proto__' }]);
  });

  it('returns a fresh array each call (callers append to it)', () => {
    const bundle = sample('10-claim-professional-request.json');
    const first = validator.validate(bundle);
    first.push({ code: 'X', severity: 'error' });
    expect(validator.validate(bundle)).toEqual([]);
  });
});
