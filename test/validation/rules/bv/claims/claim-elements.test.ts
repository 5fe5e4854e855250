import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, entryOf, mine } from './support.js';

const C = 'Bundle.entry[1].resource';

describe('Claim status, identifier, provider, transfer, prescription', () => {
  it('BV-00330: Claim.status "draft"', () => {
    const bundle = copyOf('11-claim-vision-request.json');
    bundle.entry[1].resource.status = 'draft';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00330', expression: `${C}.status` }]);
  });

  it('BV-00138: a Claim.identifier with a blank value', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    bundle.entry[1].resource.identifier[0].value = '  ';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00138', expression: `${C}.identifier[0].value` }]);
  });

  it('BV-00351: Claim.provider names the insurer, not the sender (GE-00031 reports it from the Organization side)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[1].resource.provider = structuredClone(bundle.entry[1].resource.insurer);
    const findings = findingsOf(bundle);
    expect(mine(findings)).toEqual([{ code: 'BV-00351', expression: `${C}.provider` }]);
    expect(findings).toContainEqual({ code: 'GE-00031', expression: 'Bundle.entry[4].resource.identifier' });
  });

  it('BV-00508: a transfer extension on a claim (sample 5a carries it on a prior authorization)', () => {
    expect(mine(findingsOf(copyOf('5a-preauth-professional-request.json')))).toEqual([]);
    const bundle = copyOf('8-claim-institutional-request.json');
    const transfer = copyOf('5a-preauth-professional-request.json').entry[1].resource.extension[0];
    bundle.entry[1].resource.extension.push(transfer);
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00508', expression: `${C}.extension[3]` }]);
  });

  it('BV-00136: a DeviceRequest prescription without display', () => {
    const bundle = copyOf('6-preauth-vision-prescription-request.json');
    bundle.entry[1].resource.prescription = { reference: 'http://saudiopticalclinic.com.sa/DeviceRequest/1', type: 'DeviceRequest' };
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00136', expression: `${C}.prescription.display` }]);
  });

  it('BV-00136: a DeviceRequest prescription given by display is fine', () => {
    const bundle = copyOf('6-preauth-vision-prescription-request.json');
    bundle.entry[1].resource.prescription = { type: 'DeviceRequest', display: 'hearing aid, right ear' };
    expect(mine(findingsOf(bundle))).toEqual([]);
  });
});

describe('BV-00899: the facility belongs to the provider', () => {
  function withFacility(managingOrganization: string) {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry.push({
      fullUrl: 'http://sgh.com.sa/Location/1',
      resource: { resourceType: 'Location', id: '1', status: 'active', name: 'Main clinic', managingOrganization: { reference: managingOrganization } },
    });
    bundle.entry[1].resource.facility = { reference: 'http://sgh.com.sa/Location/1' };
    return bundle;
  }

  it('accepts a facility managed by Claim.provider', () => {
    expect(mine(findingsOf(withFacility('http://sgh.com.sa/Organization/b1b3432921324f97af3be9fd0b1a14ae')))).toEqual([]);
  });

  it('flags a facility managed by the insurer', () => {
    const bundle = withFacility('http://sgh.com.sa/Organization/bff3aa1fbd3648619ac082357bf135db');
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00899', expression: `Bundle.entry[${bundle.entry.length - 1}].resource.managingOrganization` }]);
  });

  it('BV-00901: a facility Location with status "inactive"', () => {
    const bundle = withFacility('http://sgh.com.sa/Organization/b1b3432921324f97af3be9fd0b1a14ae');
    bundle.entry[bundle.entry.length - 1].resource.status = 'inactive';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00901', expression: `Bundle.entry[${bundle.entry.length - 1}].resource.status` }]);
  });
});

describe('"others" needs a text (BV-00698, BV-00718, BV-00719, BV-00721, BV-00722)', () => {
  const base = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';
  const absence = (text?: string) => ({
    url: `${base}extension-absence-of-scientific-code`,
    valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/scientific-code-absence-reason', code: 'others' }], ...(text ? { text } : {}) },
  });
  const substitute = (text?: string) => ({
    url: `${base}extension-pharmacist-substitute`,
    valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/pharmacist-substitute', code: 'others' }], ...(text ? { text } : {}) },
  });

  it('BV-00698: item absenceOfScientificCode "others" without text; with text it passes', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    bundle.entry[1].resource.item[1].extension.push(absence());
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00698', expression: `${C}.item[1].extension[2].valueCodeableConcept.text` }]);
    bundle.entry[1].resource.item[1].extension[2] = absence('no scientific code for this compound');
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00719: item pharmacistSubstitute "others" without text', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    bundle.entry[1].resource.item[0].extension.push(substitute());
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00719', expression: `${C}.item[0].extension[2].valueCodeableConcept.text` }]);
  });

  it('BV-00718 and BV-00721: detail extensions "others" without text', () => {
    const bundle = copyOf('19-shadow-billing.json');
    bundle.entry[1].resource.item[0].detail[2].extension = [substitute(), absence()];
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00718', expression: `${C}.item[0].detail[2].extension[0].valueCodeableConcept.text` },
      { code: 'BV-00721', expression: `${C}.item[0].detail[2].extension[1].valueCodeableConcept.text` },
    ]);
  });

  it('BV-00722: subDetail absenceOfScientificCode "others" without text', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const detail = bundle.entry[1].resource.item[0].detail[0];
    detail.subDetail = [{ sequence: 1, productOrService: detail.productOrService, quantity: detail.quantity, unitPrice: detail.unitPrice, net: detail.net, extension: [absence()] }];
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00722', expression: `${C}.item[0].detail[0].subDetail[0].extension[0].valueCodeableConcept.text` }]);
  });

  it('entryOf finds the Claim of every claim sample at entry 1', () => {
    expect(entryOf(copyOf('19-shadow-billing.json'), 'Claim')).toBe(1);
  });
});
