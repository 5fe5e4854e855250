import { S, runCases, type Case } from './cases.js';

/** The nested claim message at batch entry `n`, and the path of its Claim. */
const claimOf = (b: any, n: number): any => b.entry[n].resource.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;
const CLAIM2 = 'Bundle.entry[2].resource.entry[1].resource';
const ext = (claim: any, name: string): any => claim.extension.find((e: any) => e.url.endsWith(`/${name}`));

const CASES: Case[] = [
  {
    id: 'BV-00373', file: S.batch, why: '102 entries',
    // Each Basic has its required `code`: a hundred schema errors more would fill the findings cap (200, findings/limit.ts) before BV-00373.
    mutate: (b) => { for (let n = 0; n < 100; n++) b.entry.push({ fullUrl: `http://sgh.com.sa/Basic/${n}`, resource: { resourceType: 'Basic', id: String(n), code: { text: 'filler' } } }); },
    expect: ['Bundle.entry'],
  },
  {
    id: 'BV-00383', file: S.batch, why: 'a nested priorauth-request',
    mutate: (b) => { b.entry[1].resource.entry[0].resource.eventCoding.code = 'priorauth-request'; },
    expect: ['Bundle.entry[1].resource.entry[0].resource.eventCoding.code'],
  },
  {
    id: 'BV-00227', file: S.batch, why: 'a nested claim from another provider',
    mutate: (b) => { b.entry[2].resource.entry[0].resource.sender.identifier.value = 'N-F-00099'; },
    expect: ['Bundle.entry[2].resource.entry[0].resource.sender'],
  },
  {
    id: 'BV-00238', file: S.batch, why: 'a nested claim to another payer',
    mutate: (b) => { b.entry[2].resource.entry[0].resource.destination[0].receiver.identifier.value = 'N-I-00099'; },
    expect: ['Bundle.entry[2].resource.entry[0].resource.destination[0].receiver'],
  },
  {
    id: 'BV-00385', file: S.batch, why: 'batch-number repeated',
    mutate: (b) => { ext(claimOf(b, 2), 'extension-batch-number').valuePositiveInt = 1; },
    expect: [`${CLAIM2}.extension[1].valuePositiveInt`],
  },
  {
    id: 'BV-00421', file: S.batch, why: 'batch-period differs',
    mutate: (b) => { ext(claimOf(b, 2), 'extension-batch-period').valuePeriod.end = '2021-07-31'; },
    expect: [`${CLAIM2}.extension[2].valuePeriod`],
  },
  {
    id: 'BV-00451', file: S.batch, why: 'batch-identifier differs',
    mutate: (b) => { ext(claimOf(b, 2), 'extension-batch-identifier').valueIdentifier.value = 'Batch99999'; },
    expect: [`${CLAIM2}.extension[0].valueIdentifier`],
  },
  {
    id: 'BV-00452', file: S.batch, why: 'batch-number missing',
    mutate: (b) => { claimOf(b, 2).extension.splice(1, 1); },
    expect: [`${CLAIM2}.extension`],
  },
];

runCases('Batch claim rules on the official batch request', CASES);
