/**
 * BV-00211, BV-00201: the identifier system of MessageHeader.sender and of each
 * destination.receiver SHALL be an NPHIES licence URL (`http://nphies.sa/license/<kind>`, e.g.
 * provider-license, payer-license, or nphies for NPHIES itself).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { NO_FINDINGS } from './claim-entries.js';

const LICENCE_SYSTEM = /^http:\/\/nphies\.sa\/license\/[A-Za-z-]+$/;

export function licenceSystemRule(id: string, party: 'sender' | 'receiver'): Rule {
  return {
    id,
    check(message) {
      const header = message.envelope.header;
      if (party === 'sender') {
        const finding = checkParty(id, message, header.sender, 'sender', -1);
        return finding ? [finding] : NO_FINDINGS;
      }
      let findings: Finding[] | undefined;
      const destinations = asArray(header.destination);
      for (let d = 0; d < destinations.length; d += 1) {
        const destination = asObject(destinations[d]);
        const finding = destination && checkParty(id, message, destination.receiver, 'destination', d);
        if (finding) (findings ??= []).push(finding);
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** The finding for one party reference (the sender, or the receiver of destination `d`), if its system is not a licence URL. */
function checkParty(id: string, message: MessageUnderTest, reference: unknown, party: 'sender' | 'destination', d: number): Finding | undefined {
  const system = asObject(asObject(reference)?.identifier)?.system;
  // A missing system is the profile's cardinality finding.
  if (typeof system !== 'string' || LICENCE_SYSTEM.test(system)) return undefined;
  const sub = party === 'sender' ? 'sender' : `destination[${d}].receiver`;
  return error(id, entryPath(message, 0, `${sub}.identifier.system`), `${system} is not an NPHIES licence system`);
}
