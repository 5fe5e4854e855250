/**
 * The message as the validation layers see it: its envelope, its event definition, its
 * focal entries and the FHIRPath of the bundle (`Bundle`, or `Bundle.entry[2].resource`
 * for a claim nested in a batch), from which every finding's expression is built.
 */
import type { EventDefinition } from '../fhir/events.js';
import { focalEntries, type BundleEntry, type MessageEnvelope } from '../fhir/message.js';

export interface MessageUnderTest {
  readonly envelope: MessageEnvelope;
  readonly event: EventDefinition;
  readonly focal: readonly BundleEntry[];
  readonly basePath: string;
}

export function messageUnderTest(envelope: MessageEnvelope, event: EventDefinition, basePath = 'Bundle'): MessageUnderTest {
  return { envelope, event, focal: focalEntries(envelope), basePath };
}

/** FHIRPath of an entry's resource, or of an element inside it (`sub` like `use` or `item[0].sequence`). */
export function entryPath(message: MessageUnderTest, entryIndex: number, sub?: string): string {
  const resource = `${message.basePath}.entry[${entryIndex}].resource`;
  return sub ? `${resource}.${sub}` : resource;
}
