/**
 * The message as the validation layers see it: its envelope, its event definition, its
 * focal entries and the FHIRPath of the bundle (`Bundle`, or `Bundle.entry[2].resource`
 * for a claim nested in a batch), from which every finding's expression is built.
 *
 * What several rules need of the whole message (the walk over its objects, the index of its
 * entries) is computed on first use and kept with the message, so each is paid once per
 * message however many rules ask (issue 3).
 */
import type { EventDefinition } from '../fhir/events.js';
import { focalEntries, type BundleEntry, type MessageEnvelope } from '../fhir/message.js';
import { EntryIndex } from '../fhir/references.js';
import { MessageElements } from './elements.js';

export interface MessageUnderTest {
  readonly envelope: MessageEnvelope;
  readonly event: EventDefinition;
  readonly focal: readonly BundleEntry[];
  readonly basePath: string;
  /** Every object of every entry's resource, walked once on first use. */
  readonly elements: MessageElements;
  /** The entries by fullUrl and `Type/id`, built once on first use. */
  readonly entryIndex: EntryIndex;
  /** The entries whose resource is of `resourceType`, in bundle order (one pass per message, then a Map access). */
  entriesOfType(resourceType: string): readonly BundleEntry[];
  /** The focal entries whose resource is of `resourceType`, in focal order. */
  focalOfType(resourceType: string): readonly BundleEntry[];
  /**
   * What `read` derives from the message (e.g. a view of its claims), computed on the first call
   * and returned to every later one: `read` must be a module-level function, its identity is the
   * key, and what it returns is shared by every rule, so it is read, never changed.
   */
  shared<T>(read: (message: MessageUnderTest) => T): T;
}

class Message implements MessageUnderTest {
  readonly focal: readonly BundleEntry[];
  #elements: MessageElements | undefined;
  #entryIndex: EntryIndex | undefined;
  #byType: Map<string, BundleEntry[]> | undefined;
  #focalByType: Map<string, BundleEntry[]> | undefined;
  readonly #shared = new Map<(message: MessageUnderTest) => unknown, unknown>();

  constructor(
    readonly envelope: MessageEnvelope,
    readonly event: EventDefinition,
    readonly basePath: string,
  ) {
    this.focal = focalEntries(envelope);
  }

  get elements(): MessageElements {
    return (this.#elements ??= new MessageElements(this.envelope.entries, (index) => entryPath(this, index)));
  }

  get entryIndex(): EntryIndex {
    return (this.#entryIndex ??= new EntryIndex(this.envelope.entries));
  }

  entriesOfType(resourceType: string): readonly BundleEntry[] {
    return (this.#byType ??= groupByType(this.envelope.entries)).get(resourceType) ?? NO_ENTRIES;
  }

  focalOfType(resourceType: string): readonly BundleEntry[] {
    return (this.#focalByType ??= groupByType(this.focal)).get(resourceType) ?? NO_ENTRIES;
  }

  shared<T>(read: (message: MessageUnderTest) => T): T {
    const found = this.#shared.get(read);
    if (found !== undefined || this.#shared.has(read)) return found as T;
    const value = read(this);
    this.#shared.set(read, value);
    return value;
  }
}

const NO_ENTRIES: readonly BundleEntry[] = [];

function groupByType(entries: readonly BundleEntry[]): Map<string, BundleEntry[]> {
  const byType = new Map<string, BundleEntry[]>();
  for (const entry of entries) {
    const type = entry.resource?.resourceType;
    if (typeof type !== 'string') continue;
    const list = byType.get(type);
    if (list) list.push(entry);
    else byType.set(type, [entry]);
  }
  return byType;
}

export function messageUnderTest(envelope: MessageEnvelope, event: EventDefinition, basePath = 'Bundle'): MessageUnderTest {
  return new Message(envelope, event, basePath);
}

/** FHIRPath of an entry's resource, or of an element inside it (`sub` like `use` or `item[0].sequence`). */
export function entryPath(message: MessageUnderTest, entryIndex: number, sub?: string): string {
  const resource = `${message.basePath}.entry[${entryIndex}].resource`;
  return sub ? `${resource}.${sub}` : resource;
}
