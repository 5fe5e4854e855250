import { R, S, focal as comm, LONG, runCases, type Case } from './cases.js';

const CASES: Case[] = [
  { id: 'BV-00233', file: S.commRequest, why: 'about a Patient', mutate: (b) => { comm(b).about[0].type = 'Patient'; }, expect: [`${R}.about[0].type`] },
  { id: 'BV-00234', file: S.communication, why: 'about a Coverage', mutate: (b) => { comm(b).about[0].type = 'Coverage'; }, expect: [`${R}.about[0].type`] },
  { id: 'BV-00335', file: S.commRequest, why: 'status completed', mutate: (b) => { comm(b).status = 'completed'; }, expect: [`${R}.status`] },
  { id: 'BV-00319', file: S.commRequest, why: 'note author of 101 characters', mutate: (b) => { comm(b).note = [{ authorString: LONG(101), text: 'n' }]; }, expect: [`${R}.note[0].authorString`] },
  { id: 'BV-00320', file: S.communication, why: 'note author of 101 characters', mutate: (b) => { comm(b).note = [{ authorString: LONG(101), text: 'n' }]; }, expect: [`${R}.note[0].authorString`] },
  { id: 'BV-00514', file: S.commRequest, why: 'recipient is the payer', mutate: (b) => { comm(b).recipient = [{ reference: b.entry[4].fullUrl }]; }, expect: [`${R}.recipient[0]`] },
  { id: 'BV-00515', file: S.commRequest, why: 'sender is the provider', mutate: (b) => { comm(b).sender = { reference: b.entry[3].fullUrl }; }, expect: [`${R}.sender`] },
  {
    id: 'BV-00516', file: S.commRequest, why: 'header addressed to another provider',
    mutate: (b) => { b.entry[0].resource.destination[0].receiver.identifier.value = 'N-F-00099'; },
    expect: [`${R}.recipient[0]`],
  },
  { id: 'BV-00517', file: S.commRequest, why: 'header from another payer', mutate: (b) => { b.entry[0].resource.sender.identifier.value = 'N-I-00099'; }, expect: [`${R}.sender`] },
];

runCases('CommunicationRequest and Communication rules on the official samples', CASES);
