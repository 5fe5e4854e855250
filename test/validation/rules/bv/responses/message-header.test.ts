import { H, S, runCases, type Case } from './cases.js';

const CASES: Case[] = [
  { id: 'BV-00177', file: S.claim, why: 'source.endpoint not a URL', mutate: (b) => { b.entry[0].resource.source.endpoint = 'payer N-I-00001'; }, expect: [`${H}.source.endpoint`] },
  { id: 'BV-00218', file: S.status, why: 'destination.endpoint not a URL', mutate: (b) => { b.entry[0].resource.destination[0].endpoint = 'N-I-00001'; }, expect: [`${H}.destination[0].endpoint`] },
  { id: 'BV-00247', file: S.eligibility, why: 'eligibility-response without response', mutate: (b) => { delete b.entry[0].resource.response; }, expect: [`${H}.response`] },
  { id: 'BV-00248', file: S.cancel, why: 'cancel-request with a response', mutate: (b) => { b.entry[0].resource.response = { identifier: 'b1bee555-6a43-4e26-ad3d-b39e2047f319', code: 'ok' }; }, expect: [`${H}.response`] },
  { id: 'BV-00360', file: S.notice, why: 'payment notice addressed to the payer', mutate: (b) => { b.entry[0].resource.destination[0].receiver.identifier.value = 'N-I-00001'; }, expect: [`${H}.destination[0].receiver`] },
  { id: 'BV-00456', file: S.poll, why: 'poll addressed to a payer', mutate: (b) => { b.entry[0].resource.destination[0].receiver.identifier.value = 'N-I-00001'; }, expect: [`${H}.destination[0].receiver`] },
];

runCases('MessageHeader rules decidable from one message', CASES);
