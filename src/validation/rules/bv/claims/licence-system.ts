/**
 * BV-00211, BV-00201: the identifier system of MessageHeader.sender and of each
 * destination.receiver SHALL be an NPHIES licence URL (`http://nphies.sa/license/<kind>`, e.g.
 * provider-license, payer-license, or nphies for NPHIES itself).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { objectsOf } from './claim-entries.js';

const LICENCE_SYSTEM = /^http:\/\/nphies\.sa\/license\/[A-Za-z-]+$/;

export function licenceSystemRule(id: string, party: 'sender' | 'receiver'): Rule {
  return {
    id,
    check(message) {
      const header = message.envelope.header;
      const parties =
        party === 'sender'
          ? [{ sub: 'sender', reference: header.sender }]
          : objectsOf(header.destination).map(({ index, object }) => ({ sub: `destination[${index}].receiver`, reference: object.receiver }));
      const findings: Finding[] = [];
      for (const { sub, reference } of parties) {
        const system = asObject(asObject(reference)?.identifier)?.system;
        // A missing system is the profile's cardinality finding.
        if (typeof system === 'string' && !LICENCE_SYSTEM.test(system)) {
          findings.push(error(id, entryPath(message, 0, `${sub}.identifier.system`), `${system} is not an NPHIES licence system`));
        }
      }
      return findings;
    },
  };
}
