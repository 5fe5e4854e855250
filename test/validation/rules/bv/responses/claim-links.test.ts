import { R, runCases, type Case } from './cases.js';

const CASES: Case[] = [
  {
    id: 'BV-00379', file: '8-claim-institutional-request.json', why: 'both online and offline eligibility',
    mutate: (b) => {
      b.entry[1].resource.extension.push({
        url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-eligibility-response',
        valueReference: { identifier: { system: 'http://sni.com.sa/coverageeligibilityresponse', value: 'resp_1' } },
      });
    },
    expect: [`${R}.extension[3]`],
  },
  {
    id: 'BV-00449', file: '7a-claim-dental-request.json', why: 'prior authorization cited without preAuthRef',
    mutate: (b) => { delete b.entry[1].resource.insurance[0].preAuthRef; },
    expect: [`${R}.insurance[0].preAuthRef`],
  },
];

runCases('Claim links to earlier answers', CASES);
