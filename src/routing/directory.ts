/** What routing needs to know of participants; the security registry satisfies it. */
import type { ParticipantRole } from '../fhir/events.js';

export interface KnownParticipant {
  readonly licence: string;
  readonly role: ParticipantRole;
  readonly status: 'active' | 'blocked';
}

export interface ParticipantDirectory {
  get(licence: string): KnownParticipant | undefined;
}

/** The caller as authenticated by the transport (bearer token or client certificate). */
export interface Caller {
  readonly licence: string;
}
