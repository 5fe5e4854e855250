/**
 * The literal references of a message, read off its shared walk (validation/elements.ts) rather
 * than by a walk of their own: the same references, in the same order, with the same element
 * names and extension URLs as `findReferences` (fhir/references.ts) gives for each resource.
 * What is below a `reference` key is not looked into, nor are nested Bundles.
 */
import type { FoundReference } from '../../../fhir/references.js';
import type { ElementNode } from '../../elements.js';
import type { MessageUnderTest } from '../../message.js';

export interface LiteralReference extends Omit<FoundReference, 'extensionUrl'> {
  /** Index of the entry whose resource holds the reference. */
  readonly entry: number;
  /** When the reference is an extension's value: the extension's URL. */
  readonly extensionUrl: string | undefined;
}

export function literalReferences(message: MessageUnderTest): LiteralReference[] {
  const found: ElementNode[] = [];
  for (const element of message.elements.withReference) {
    if (!element.inAllObjects || underReferenceKey(element)) continue;
    if (message.envelope.entries[element.entry]?.resource?.resourceType === 'Bundle') continue;
    found.push(element);
  }
  // An extension's valueReference names its extension when exactly one reference lies below it.
  const below = new Map<ElementNode, number>();
  for (const element of found) forEachValueReferenceOwner(element, (owner) => below.set(owner, (below.get(owner) ?? 0) + 1));
  return found.map((element) => {
    let extensionUrl: string | undefined;
    // Owners come innermost first; the outermost that qualifies names the reference.
    forEachValueReferenceOwner(element, (owner) => {
      if (below.get(owner) === 1) extensionUrl = owner.node.url as string;
    });
    return new Found(message, element, extensionUrl);
  });
}

/** Expression and element name are built only when asked for: most references resolve and need neither. */
class Found implements LiteralReference {
  readonly entry: number;
  readonly reference: string;

  constructor(
    private readonly message: MessageUnderTest,
    private readonly at: ElementNode,
    readonly extensionUrl: string | undefined,
  ) {
    this.entry = at.entry;
    this.reference = at.node.reference as string;
  }

  get expression(): string {
    return this.at.path;
  }

  get element(): string {
    return elementName(this.message, this.at);
  }
}

function underReferenceKey(element: ElementNode): boolean {
  for (let at: ElementNode | undefined = element; at !== undefined; at = at.parent) if (at.key === 'reference') return true;
  return false;
}

/** Each object with a string `url` whose `valueReference` holds `element`, innermost first. */
function forEachValueReferenceOwner(element: ElementNode, visit: (owner: ElementNode) => void): void {
  for (let at: ElementNode = element; at.parent !== undefined; at = at.parent) {
    if (at.key === 'valueReference' && typeof at.parent.node.url === 'string') visit(at.parent);
  }
}

/** `Claim.supportingInfo.valueReference`: the resource type and the keys down to the element, without indices. */
function elementName(message: MessageUnderTest, element: ElementNode): string {
  const keys: string[] = [];
  let at: ElementNode = element;
  for (; at.parent !== undefined; at = at.parent) keys.push(at.key as string);
  const type = message.envelope.entries[at.entry]?.resource?.resourceType;
  return [typeof type === 'string' ? type : 'Resource', ...keys.reverse()].join('.');
}
