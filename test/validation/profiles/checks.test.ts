/**
 * Each kind of profile check, on an official sample broken on purpose: the exact official code and
 * the FHIRPath NPHIES would report.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerminology } from '../../../src/validation/terminology/load.js';
import { sample } from '../../support/samples.js';
import { findingsOf } from '../../support/validator.js';
import { layerFindings, profileLayer, REPO, terminologyRejecting } from './support.js';

const layer = profileLayer();
const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';

/** 8-claim-institutional-request: entry[1] Claim (institutional-claim), [5] Coverage, [6] Practitioner. */
function claim(): any {
  return structuredClone(sample('8-claim-institutional-request.json').json);
}

describe('profile layer: cardinality', () => {
  it('a dropped required element is its IC rule at the missing element', () => {
    const b = claim();
    delete b.entry[1].resource.priority;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00053', expression: 'Bundle.entry[1].resource.priority' }]);
  });

  it('a dropped required element inside a repeating one carries the index', () => {
    const b = claim();
    delete b.entry[1].resource.item[0].productOrService;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00044', expression: 'Bundle.entry[1].resource.item[0].productOrService' }]);
  });

  it('more repetitions than the profile allows (identifier 1..1)', () => {
    const b = claim();
    const claimResource = b.entry[1].resource;
    claimResource.identifier.push({ ...claimResource.identifier[0], value: 'second' });
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-00025', expression: 'Bundle.entry[1].resource.identifier' }]);
  });

  it('an element with its own cardinality rule gets it (Claim.careTeam.qualification, IC-01427)', () => {
    const b = claim();
    delete b.entry[1].resource.careTeam[0].qualification;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-01427', expression: 'Bundle.entry[1].resource.careTeam[0].qualification' }]);
  });

  it('an element with no specific rule falls back to IC-01428, as NPHIES does for an identifier without type', () => {
    const b = claim();
    delete b.entry[3].resource.identifier[0].type;
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-01428', expression: 'Bundle.entry[3].resource.identifier[0].type' }]);
  });
});

describe('profile layer: fixed values', () => {
  it('Claim.status other than "active" is IB-00042', () => {
    const b = claim();
    b.entry[1].resource.status = 'draft';
    expect(layerFindings(layer, b)).toEqual([{ code: 'IB-00042', expression: 'Bundle.entry[1].resource.status' }]);
  });
});

describe('profile layer: required extensions', () => {
  it('a claim without its episode extension is IC-01453', () => {
    const b = claim();
    const c = b.entry[1].resource;
    c.extension = c.extension.filter((e: any) => e.url !== `${SD}extension-episode`);
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-01453', expression: 'Bundle.entry[1].resource.extension' }]);
  });

  it('an item without its patient-share extension is IC-01333', () => {
    const b = claim();
    const item = b.entry[1].resource.item[0];
    item.extension = item.extension.filter((e: any) => e.url !== `${SD}extension-patient-share`);
    expect(layerFindings(layer, b)).toEqual([{ code: 'IC-01333', expression: 'Bundle.entry[1].resource.item[0].extension' }]);
  });
});

describe('profile layer: the profile itself', () => {
  it('the focal Claim of a priorauth-request declaring a claim profile is RE-00170 at the resource', () => {
    const b = structuredClone(sample('1-preauth-institutional-request.json').json);
    b.entry[1].resource.meta.profile = [`${SD}institutional-claim|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00170', expression: 'Bundle.entry[1].resource' }]);
  });

  it('a resource declaring another resource type\'s profile is RE-00170', () => {
    const b = claim();
    b.entry[5].resource.meta.profile = [`${SD}patient|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00170', expression: 'Bundle.entry[5].resource' }]);
  });

  it('an unknown NPHIES profile on the focal resource is RE-00165', () => {
    const b = claim();
    b.entry[1].resource.meta.profile = [`${SD}institutional-claim-v9|1.0.0`];
    expect(layerFindings(layer, b)).toEqual([{ code: 'RE-00165', expression: 'Bundle.entry[1].resource' }]);
  });

  it('the version after | is ignored when matching', () => {
    const b = claim();
    b.entry[1].resource.meta.profile = [`${SD}institutional-claim|2.0.0`];
    expect(layerFindings(layer, b)).toEqual([]);
  });
});

describe('profile layer: value-set bindings (with a terminology)', () => {
  it('an unknown code in a required binding is the element\'s IB rule', () => {
    const b = claim();
    b.entry[5].resource.type.coding[0].code = 'NOT-A-TYPE';
    const withTerminology = profileLayer({ terminology: terminologyRejecting(['NOT-A-TYPE']) });
    expect(layerFindings(withTerminology, b)).toEqual([{ code: 'IB-00109', expression: 'Bundle.entry[5].resource.type' }]);
  });

  it('a CodeableConcept is judged as a whole: a rejected coding beside an accepted one is a translation, not an error', () => {
    const b = claim();
    const type = b.entry[5].resource.type;
    type.coding = [{ ...type.coding[0], system: 'http://provider.example/coverage-types', code: 'LOCAL-1' }, type.coding[0]];
    const withTerminology = profileLayer({ terminology: terminologyRejecting(['LOCAL-1']) });
    expect(layerFindings(withTerminology, b)).toEqual([]);
  });

  it('a CodeableConcept none of whose codings is accepted is one error at the bound element', () => {
    const b = claim();
    const type = b.entry[5].resource.type;
    type.coding = [{ ...type.coding[0], code: 'NOT-A-TYPE' }, { ...type.coding[0], system: 'http://provider.example/coverage-types', code: 'LOCAL-1' }];
    const withTerminology = profileLayer({ terminology: terminologyRejecting(['NOT-A-TYPE', 'LOCAL-1']) });
    expect(layerFindings(withTerminology, b)).toEqual([{ code: 'IB-00109', expression: 'Bundle.entry[5].resource.type' }]);
  });

  it('with the real terminology, the provider\'s own procedure code beside the standard one passes (sample 19), a wrong standard one does not', () => {
    const terminology = loadTerminology({ schemasDir: join(REPO, 'schemas') });
    const withTerminology = profileLayer({ terminology });
    const b = structuredClone(sample('19-shadow-billing.json').json);
    expect(b.entry[1].resource.item[0].productOrService.coding[1].system).toBe('http://sgh.sa.com//procedures');
    expect(layerFindings(withTerminology, b)).toEqual([]);
    b.entry[4].resource.type.coding[0].code = 'NOT-A-TYPE';
    expect(layerFindings(withTerminology, b)).toEqual([{ code: 'IB-00109', expression: 'Bundle.entry[4].resource.type' }]);
    // A translation does not excuse a wrong standard code: the local coding is not in the value set either.
    b.entry[4].resource.type.coding.push({ system: 'http://provider.example/coverage-types', code: 'LOCAL-1' });
    expect(layerFindings(withTerminology, b)).toEqual([{ code: 'IB-00109', expression: 'Bundle.entry[4].resource.type' }]);
  });

  it('without a terminology, bindings are not judged', () => {
    const b = claim();
    b.entry[5].resource.type.coding[0].code = 'NOT-A-TYPE';
    expect(layerFindings(layer, b)).toEqual([]);
  });
});

describe('the NPHIES sandbox answer errors.json, rebuilt on an official prior authorization', () => {
  // errors.json: RE-00170 at Bundle.entry[2].resource (an Encounter declaring encounter-auth-AMB),
  // IB-00109 at Coverage.type, IC-01564 at Coverage.policyHolder, IC-01571 at Coverage.class.
  it('reports the same codes at the equivalent paths', () => {
    const b = structuredClone(sample('1-preauth-institutional-request.json').json);
    b.entry[6].resource.meta.profile = [`${SD}encounter-auth-AMB|1.0.0`];
    b.entry[6].resource.resourceType = 'Encounter';
    const coverage = b.entry[5].resource;
    coverage.type.coding[0].code = 'NOT-A-TYPE';
    delete coverage.policyHolder;
    delete coverage.class;
    const strict = profileLayer({ enforceAll: true, terminology: terminologyRejecting(['NOT-A-TYPE']) });
    const found = layerFindings(strict, b);
    for (const expected of [
      { code: 'RE-00170', expression: 'Bundle.entry[6].resource' },
      { code: 'IB-00109', expression: 'Bundle.entry[5].resource.type' },
      { code: 'IC-01564', expression: 'Bundle.entry[5].resource.policyHolder' },
      { code: 'IC-01571', expression: 'Bundle.entry[5].resource.class' },
    ]) {
      expect(found).toContainEqual(expected);
    }
  });
});

describe('the profile layer in the real pipeline', () => {
  it('reports a dropped required element among the pipeline findings', () => {
    const b = claim();
    delete b.entry[1].resource.priority;
    expect(findingsOf(b)).toContainEqual({ code: 'IC-00053', expression: 'Bundle.entry[1].resource.priority' });
  });

  it('reports a wrong standard code beside a local translation (IB-00109 on Coverage.type)', () => {
    const b = claim();
    const type = b.entry[5].resource.type;
    type.coding[0].code = 'NOT-A-TYPE';
    type.coding.push({ system: 'http://provider.example/coverage-types', code: 'LOCAL-1' });
    const found = findingsOf(b).filter((f) => f.code === 'IB-00109');
    expect(found).toHaveLength(1);
    expect(found[0]!.expression?.startsWith('Bundle.entry[5].resource.type')).toBe(true);
  });

  it('reports RE-00170 for a priorauth-request whose Claim declares a claim profile', () => {
    const b = structuredClone(sample('1-preauth-institutional-request.json').json);
    b.entry[1].resource.meta.profile = [`${SD}institutional-claim|1.0.0`];
    expect(findingsOf(b)).toContainEqual({ code: 'RE-00170', expression: 'Bundle.entry[1].resource' });
  });
});
