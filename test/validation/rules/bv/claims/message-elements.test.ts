import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, mine } from './support.js';

describe('message-wide element rules', () => {
  it('BV-00183: an Organization identifier without value', () => {
    const bundle = copyOf('17a-cancel-request.json');
    bundle.entry[3].resource.identifier[0].value = '';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00183', expression: 'Bundle.entry[3].resource.identifier[0].value' }]);
  });

  it('BV-00389: an empty extension and an extension holding an empty extension', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    bundle.entry[1].resource.item[0].extension.push({ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-tax' });
    bundle.entry[3].resource.extension = [{ url: 'http://example.org/outer', extension: [{ url: 'inner' }] }];
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00389', expression: 'Bundle.entry[1].resource.item[0].extension[4]' },
      { code: 'BV-00389', expression: 'Bundle.entry[3].resource.extension[0].extension[0]' },
    ]);
  });

  it('BV-00526: two codings of one CodeableConcept with the same system', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const coding = bundle.entry[1].resource.item[0].detail[0].productOrService.coding;
    coding[1].system = coding[0].system;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00526', expression: 'Bundle.entry[1].resource.item[0].detail[0].productOrService.coding[1].system' }]);
  });

  it('BV-00342 and BV-00343: an attachment with neither data nor url', () => {
    const bundle = copyOf('2c-second-preauth-dental-request.json');
    delete bundle.entry[1].resource.supportingInfo[0].valueAttachment.data;
    const at = 'Bundle.entry[1].resource.supportingInfo[0].valueAttachment';
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00342', expression: `${at}.data` },
      { code: 'BV-00343', expression: `${at}.url` },
    ]);
  });

  it('BV-00344 and BV-00345: a linked attachment without size and hash; with both it passes', () => {
    const bundle = copyOf('2c-second-preauth-dental-request.json');
    const attachment = bundle.entry[1].resource.supportingInfo[0].valueAttachment;
    delete attachment.data;
    attachment.url = 'https://files.saudidentalclinic.com.sa/xray/1.jpg';
    const at = 'Bundle.entry[1].resource.supportingInfo[0].valueAttachment';
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00344', expression: `${at}.size` },
      { code: 'BV-00345', expression: `${at}.hash` },
    ]);
    attachment.size = 2048;
    attachment.hash = '2jmj7l5rSw0yVb/vlWAYkK/YBwk=';
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00219: an Identifier.system that is not a URL', () => {
    const bundle = copyOf('1-preauth-institutional-request.json');
    bundle.entry[1].resource.identifier[0].system = 'sgh claims';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00219', expression: 'Bundle.entry[1].resource.identifier[0].system' }]);
  });

  it('BV-00207: a fullUrl that does not end with the resource id', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[3].fullUrl = 'http://sgh.com.sa/Patient/999';
    bundle.entry[1].resource.patient.reference = 'http://sgh.com.sa/Patient/999';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00207', expression: 'Bundle.entry[3].fullUrl' }]);
  });

  it('BV-00208: a fullUrl that names another resource type (case aside, as the samples spell it)', () => {
    expect(mine(findingsOf(copyOf('14a-eligibilty-request-ben-val.json')))).toEqual([]);
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[5].fullUrl = 'http://sgh.com.sa/Patient/1333';
    bundle.entry[1].resource.insurance[0].coverage.reference = 'http://sgh.com.sa/Patient/1333';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00208', expression: 'Bundle.entry[5].fullUrl' }]);
  });

  it('BV-00207: a urn:uuid fullUrl is not a RESTful URL and is left alone', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[0].resource.id = crypto.randomUUID();
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00211: a sender identifier system outside the NPHIES licence URLs', () => {
    const bundle = copyOf('9b-statuscheck-request.json');
    bundle.entry[0].resource.sender.identifier.system = 'http://saudicentralpharmacy.sa.com/license';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00211', expression: 'Bundle.entry[0].resource.sender.identifier.system' }]);
  });

  it('BV-00201: a receiver identifier system outside the NPHIES licence URLs', () => {
    const bundle = copyOf('13b-payment-notice.json');
    bundle.entry[0].resource.destination[0].receiver.identifier.system = 'http://nphies.sa/identifier/nphies';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00201', expression: 'Bundle.entry[0].resource.destination[0].receiver.identifier.system' }]);
  });

  it('BV-00346: an OperationOutcome whose id is not a GUID', () => {
    const bundle = copyOf('18b-communication-response-solicited.json');
    bundle.entry.push({ fullUrl: 'http://saudicentralpharmacy.sa.com/OperationOutcome/1', resource: { resourceType: 'OperationOutcome', id: '1', issue: [{ severity: 'information', code: 'informational' }] } });
    const at = bundle.entry.length - 1;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00346', expression: `Bundle.entry[${at}].resource.id` }]);
    bundle.entry[at].resource.id = 'd45fe0ab-b138-4fc7-adbc-28f5c5a4fbf9';
    bundle.entry[at].fullUrl = 'http://saudicentralpharmacy.sa.com/OperationOutcome/d45fe0ab-b138-4fc7-adbc-28f5c5a4fbf9';
    expect(mine(findingsOf(bundle))).toEqual([]);
  });
});
