import { describe, expect, it } from 'vitest';
import { BV_00279 } from '../../../../../src/validation/rules/bv/claims/BV-00279.js';
import { findingsOf } from '../../../../support/validator.js';
import { checkRule, copyOf, mine } from './support.js';

const ARABIC = 'ع';

/** One defect per data-type length rule: [rule, sample, mutate(bundle) → expression]. */
const CASES: [string, string, (b: Record<string, any>) => string][] = [
  ['BV-00261', '10-claim-professional-request.json', (b) => {
    b.entry[1].resource.identifier[0].system = `http://sgh.com.sa/${'c'.repeat(250)}`;
    return 'Bundle.entry[1].resource.identifier[0].system';
  }],
  ['BV-00267', '7a-claim-dental-request.json', (b) => {
    b.entry[1].resource.item[0].productOrService.coding[0].code = '1'.repeat(31);
    return 'Bundle.entry[1].resource.item[0].productOrService.coding[0].code';
  }],
  ['BV-00269', '11-claim-vision-request.json', (b) => {
    const id = 'p'.repeat(65);
    b.entry[2].resource.id = id;
    b.entry[2].fullUrl = `http://saudiopticalclinic.com.sa/Patient/${id}`;
    for (const e of b.entry) if (e.resource.patient?.reference === 'http://saudiopticalclinic.com.sa/Patient/3') e.resource.patient.reference = b.entry[2].fullUrl;
    return 'Bundle.entry[2].resource.id';
  }],
  ['BV-00263', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.meta.lastUpdated = '2021-10-07T10:00:00.000000000+03:00';
    return 'Bundle.entry[3].resource.meta.lastUpdated';
  }],
  ['BV-00271', '2c-second-preauth-dental-request.json', (b) => {
    b.entry[1].resource.supportingInfo[0].valueAttachment.size = 123456789012;
    return 'Bundle.entry[1].resource.supportingInfo[0].valueAttachment.size';
  }],
  ['BV-00274', '2c-second-preauth-dental-request.json', (b) => {
    b.entry[1].resource.supportingInfo[0].valueAttachment.title = `${ARABIC.repeat(126)}.jpg`;
    return 'Bundle.entry[1].resource.supportingInfo[0].valueAttachment.title';
  }],
  ['BV-00275', '5a-preauth-professional-request.json', (b) => {
    b.entry[1].resource.identifier[0].value = 'x'.repeat(101);
    return 'Bundle.entry[1].resource.identifier[0].value';
  }],
  ['BV-00276', '18c-communication-response-unsolicited.json', (b) => {
    b.entry[1].resource.note = [{ authorString: ARABIC.repeat(51), text: 'note' }];
    return 'Bundle.entry[1].resource.note[0].authorString';
  }],
  ['BV-00277', '1-preauth-institutional-request.json', (b) => {
    b.entry[1].resource.diagnosis[0].diagnosisCodeableConcept.text = 't'.repeat(251);
    return 'Bundle.entry[1].resource.diagnosis[0].diagnosisCodeableConcept.text';
  }],
  ['BV-00278', '1-preauth-institutional-request.json', (b) => {
    b.entry[1].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].version = 'v'.repeat(101);
    return 'Bundle.entry[1].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].version';
  }],
  ['BV-00282', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.name[0].text = ARABIC.repeat(126);
    return 'Bundle.entry[3].resource.name[0].text';
  }],
  ['BV-00283', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.name[0].family = 'f'.repeat(101);
    return 'Bundle.entry[3].resource.name[0].family';
  }],
  ['BV-00284', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.name[0].given = ['Ali', ARABIC.repeat(51)];
    return 'Bundle.entry[3].resource.name[0].given[1]';
  }],
  ['BV-00285', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.name[0].prefix = ['p'.repeat(101)];
    return 'Bundle.entry[3].resource.name[0].prefix[0]';
  }],
  ['BV-00286', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.name[0].suffix = ['s'.repeat(101)];
    return 'Bundle.entry[3].resource.name[0].suffix[0]';
  }],
  ['BV-00287', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.telecom = [{ system: 'phone', value: '9'.repeat(101) }];
    return 'Bundle.entry[3].resource.telecom[0].value';
  }],
  ['BV-00288', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ text: ARABIC.repeat(251) }];
    return 'Bundle.entry[3].resource.address[0].text';
  }],
  ['BV-00289', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ line: ['l'.repeat(201)] }];
    return 'Bundle.entry[3].resource.address[0].line[0]';
  }],
  ['BV-00290', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ city: ARABIC.repeat(101) }];
    return 'Bundle.entry[3].resource.address[0].city';
  }],
  ['BV-00291', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ district: 'd'.repeat(201) }];
    return 'Bundle.entry[3].resource.address[0].district';
  }],
  ['BV-00292', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ state: 's'.repeat(201) }];
    return 'Bundle.entry[3].resource.address[0].state';
  }],
  ['BV-00293', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ postalCode: '1'.repeat(51) }];
    return 'Bundle.entry[3].resource.address[0].postalCode';
  }],
  ['BV-00294', '10-claim-professional-request.json', (b) => {
    b.entry[3].resource.address = [{ country: ARABIC.repeat(51) }];
    return 'Bundle.entry[3].resource.address[0].country';
  }],
  ['BV-00305', '10-claim-professional-request.json', (b) => {
    b.entry[1].resource.related[0].claim.reference = `http://sgh.com.sa/Claim/${'r'.repeat(240)}`;
    return 'Bundle.entry[1].resource.related[0].claim.reference';
  }],
  ['BV-00306', '10-claim-professional-request.json', (b) => {
    b.entry[1].resource.related[0].claim.display = 'd'.repeat(201);
    return 'Bundle.entry[1].resource.related[0].claim.display';
  }],
  ['BV-00325', '10-claim-professional-request.json', (b) => {
    b.entry[2].resource.name = ARABIC.repeat(126);
    return 'Bundle.entry[2].resource.name';
  }],
];

describe('data-type length rules', () => {
  for (const [id, file, mutate] of CASES) {
    it(`${id}: ${file}`, () => {
      const bundle = copyOf(file);
      const expression = mutate(bundle);
      expect(mine(findingsOf(bundle))).toEqual([{ code: id, expression }]);
    });
  }

  it('BV-00261 measures four places and reports them in the message\'s order, not place by place', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    const claim = bundle.entry[1].resource;
    const longer = (url: string) => `${url}/${'x'.repeat(255)}`;
    claim.item[0].extension[0].url = longer(claim.item[0].extension[0].url);
    claim.type.coding[0].system = longer(claim.type.coding[0].system);
    claim.identifier[0].system = longer(claim.identifier[0].system);
    claim.extension[0].url = longer(claim.extension[0].url);
    claim.meta.profile[0] = longer(claim.meta.profile[0]);
    const C = 'Bundle.entry[1].resource';
    expect(mine(findingsOf(bundle))).toEqual(
      [`${C}.meta.profile[0]`, `${C}.extension[0].url`, `${C}.identifier[0].system`, `${C}.type.coding[0].system`, `${C}.item[0].extension[0].url`].map((expression) => ({ code: 'BV-00261', expression })),
    );
  });

  it('an English value at the English limit passes where its Arabic twin fails', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[2].resource.name = 'n'.repeat(250);
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00279 (implemented, not enforced): the official outpatient sample carries a 105-character SBS display', () => {
    expect(mine(findingsOf(copyOf('preauth-professional-outpatient-request.json')))).toEqual([]);
    expect(checkRule(BV_00279, copyOf('preauth-professional-outpatient-request.json'))).toEqual([
      { code: 'BV-00279', expression: 'Bundle.entry[1].resource.item[0].productOrService.coding[0].display' },
    ]);
    expect(checkRule(BV_00279, copyOf('7a-claim-dental-request.json'))).toEqual([]);
  });
});
