/**
 * A validation layer between the base schema and the rules (SPEC section 5): profiles (IC-/IB-),
 * terminology. A layer reads only data compiled at start, and returns every finding it has.
 */
import type { EventDefinition } from '../fhir/events.js';
import type { MessageEnvelope } from '../fhir/message.js';
import type { Finding } from '../findings/finding.js';

export interface MessageLayer {
  /** `basePath` is `Bundle`, or `Bundle.entry[n].resource` for a message nested in a batch. */
  validate(envelope: MessageEnvelope, event: EventDefinition, basePath: string): Finding[];
}
