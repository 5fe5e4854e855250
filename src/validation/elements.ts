/**
 * Every JSON object of every entry's resource, walked once per message and shared by the rules
 * that look at "every Coding", "every Identifier", "every string" (issue 3: forty rules each
 * walking the whole message, building every FHIRPath eagerly, cost 40x the JSON parse).
 *
 * A node's FHIRPath is built only when asked for (a finding is reported), from its parent chain.
 * Nested resources (a claim Bundle inside a batch or poll response) are not entered: the pipeline
 * validates them as messages of their own.
 *
 * The rules were written against two walks that differ at the edges, and each keeps its reach so
 * no finding moves:
 *  - `objects`: objects that are property values or array elements, at most 40 object levels
 *    deep; an array inside an array is not entered;
 *  - `allObjects`: also enters arrays of arrays (`x[0][1]`), and counts each array as a level of
 *    its own against the same limit of 40.
 * On any real message the two are the same list.
 */
import type { JsonObject } from '../fhir/json.js';
import type { BundleEntry } from '../fhir/message.js';

const MAX_DEPTH = 40;

/** One object of the message, with what rules ask of it. */
export class ElementNode {
  #path: string | undefined;

  constructor(
    readonly node: JsonObject,
    /** Property the object is the value (or an array element) of; undefined for an entry's resource. */
    readonly key: string | undefined,
    /** Index of the entry whose resource holds the object. */
    readonly entry: number,
    /** Position in the walk: nodes from several lists are merged back into walk order by it. */
    readonly ordinal: number,
    readonly parent: ElementNode | undefined,
    /** Index in the array under `key`, or -1 when the object is the property's value itself. */
    readonly index: number,
    /** Indices of the enclosing arrays when arrays nest (`x[0][1]`: [0]); undefined otherwise. */
    readonly outer: readonly number[] | undefined,
    /** Reached by the `objects` walk. */
    readonly inObjects: boolean,
    /** Reached by the `allObjects` walk. */
    readonly inAllObjects: boolean,
    rootPath?: string,
  ) {
    this.#path = rootPath;
  }

  /** FHIRPath of the object, e.g. `Bundle.entry[1].resource.item[0].productOrService`. */
  get path(): string {
    if (this.#path === undefined) {
      let path = `${(this.parent as ElementNode).path}.${this.key as string}`;
      if (this.outer) for (const i of this.outer) path += `[${i}]`;
      if (this.index >= 0) path += `[${this.index}]`;
      this.#path = path;
    }
    return this.#path;
  }
}

export type NodeFilter = (element: ElementNode) => boolean;

export class MessageElements {
  /** Every node either walk reaches, in walk order (depth first, properties in JSON order). */
  readonly nodes: readonly ElementNode[];
  /** The entries' resources themselves, in entry order (each is in both walks). */
  readonly roots: readonly ElementNode[];
  /**
   * The nodes with a string `reference` (literal references and anything shaped like one), in walk
   * order: noted while the walk is at each key anyway, so reference rules scan no other node.
   */
  readonly withReference: readonly ElementNode[];
  readonly #byKey: Map<string, ElementNode[]>;
  readonly #filtered = new Map<NodeFilter, readonly ElementNode[]>();
  readonly #filteredAll = new Map<NodeFilter, readonly ElementNode[]>();
  readonly #selected = new Map<object, readonly ElementNode[]>();
  #objects: readonly ElementNode[] | undefined;
  #allObjects: readonly ElementNode[] | undefined;
  /** Whether some node is outside one walk's reach (never on a real message): then its list is filtered. */
  readonly #someOutsideObjects: boolean;
  readonly #someOutsideAllObjects: boolean;

  constructor(entries: readonly BundleEntry[], resourcePath: (entryIndex: number) => string) {
    const nodes: ElementNode[] = [];
    const roots: ElementNode[] = [];
    const withReference: ElementNode[] = [];
    const byKey = new Map<string, ElementNode[]>();
    let someOutsideObjects = false;
    let someOutsideAllObjects = false;

    const visit = (
      object: JsonObject,
      key: string,
      parent: ElementNode,
      index: number,
      outer: readonly number[] | undefined,
      depth: number,
      arrayDepth: number,
      nestedArray: boolean,
    ): void => {
      const inObjects = !nestedArray && depth <= MAX_DEPTH;
      const inAllObjects = arrayDepth <= MAX_DEPTH;
      // Depths only grow below: a node neither walk reaches has no reachable descendant.
      if (!inObjects && !inAllObjects) return;
      if (!inObjects) someOutsideObjects = true;
      if (!inAllObjects) someOutsideAllObjects = true;
      const element = new ElementNode(object, key, parent.entry, nodes.length, parent, index, outer, inObjects, inAllObjects);
      nodes.push(element);
      if (inObjects) {
        const list = byKey.get(key);
        if (list) list.push(element);
        else byKey.set(key, [element]);
      }
      children(element, depth, arrayDepth, nestedArray);
    };

    /**
     * `depth`: the `objects` depth of the array's elements; `arrayDepth`: the array's own
     * `allObjects` depth. Elements of an array inside an array are out of `objects`' reach.
     */
    const visitArray = (
      array: readonly unknown[],
      key: string,
      parent: ElementNode,
      outer: readonly number[] | undefined,
      depth: number,
      arrayDepth: number,
      nestedArray: boolean,
    ): void => {
      if (arrayDepth > MAX_DEPTH && (nestedArray || depth > MAX_DEPTH)) return;
      for (let i = 0; i < array.length; i += 1) {
        const item = array[i];
        if (typeof item !== 'object' || item === null) continue;
        if (Array.isArray(item)) visitArray(item, key, parent, outer ? [...outer, i] : [i], depth, arrayDepth + 1, true);
        else if (!isResource(item as JsonObject)) visit(item as JsonObject, key, parent, i, outer, depth, arrayDepth + 1, nestedArray);
      }
    };

    const children = (element: ElementNode, depth: number, arrayDepth: number, nestedArray: boolean): void => {
      const object = element.node;
      // for-in, not Object.keys: no key array per object, and parsed JSON has no inherited enumerable
      // keys, so the keys and their order are the same.
      for (const name in object) {
        const value = object[name];
        if (typeof value !== 'object' || value === null) {
          if (name === 'reference' && typeof value === 'string') withReference.push(element);
          continue;
        }
        if (Array.isArray(value)) visitArray(value, name, element, undefined, depth + 1, arrayDepth + 1, nestedArray);
        else if (!isResource(value as JsonObject)) visit(value as JsonObject, name, element, -1, undefined, depth + 1, arrayDepth + 1, nestedArray);
      }
    };

    for (const entry of entries) {
      if (!entry.resource) continue;
      const root = new ElementNode(entry.resource, undefined, entry.index, nodes.length, undefined, -1, undefined, true, true, resourcePath(entry.index));
      nodes.push(root);
      roots.push(root);
      children(root, 0, 0, false);
    }
    this.nodes = nodes;
    this.roots = roots;
    // Noted at the key, so an object's reference can follow references found deeper in its earlier keys.
    this.withReference = inWalkOrder(withReference);
    this.#byKey = byKey;
    this.#someOutsideObjects = someOutsideObjects;
    this.#someOutsideAllObjects = someOutsideAllObjects;
  }

  /** What the `objects` walk reaches, in walk order. */
  get objects(): readonly ElementNode[] {
    return (this.#objects ??= this.#someOutsideObjects ? this.nodes.filter((n) => n.inObjects) : this.nodes);
  }

  /** What the `allObjects` walk reaches, in walk order. */
  get allObjects(): readonly ElementNode[] {
    return (this.#allObjects ??= this.#someOutsideAllObjects ? this.nodes.filter((n) => n.inAllObjects) : this.nodes);
  }

  /** The `objects` nodes that sit under `key`, in walk order. */
  withKey(key: string): readonly ElementNode[] {
    return this.#byKey.get(key) ?? NONE;
  }

  /** The `objects` nodes under any of `keys`, in walk order. */
  withKeys(keys: Iterable<string>): readonly ElementNode[] {
    const lists: (readonly ElementNode[])[] = [];
    for (const key of keys) {
      const list = this.#byKey.get(key);
      if (list) lists.push(list);
    }
    return mergeInWalkOrder(lists);
  }

  /**
   * The `objects` nodes `filter` accepts, computed once per message and shared by every rule
   * passing the same filter (a module-level function, so its identity is the cache key).
   */
  where(filter: NodeFilter): readonly ElementNode[] {
    let found = this.#filtered.get(filter);
    if (!found) {
      found = this.objects.filter(filter);
      this.#filtered.set(filter, found);
    }
    return found;
  }

  /**
   * What `select` picks from the walk, computed once per message for every rule holding the same
   * `owner` (e.g. a length rule's selector, built once at start).
   */
  selected(owner: object, select: (elements: MessageElements) => readonly ElementNode[]): readonly ElementNode[] {
    let found = this.#selected.get(owner);
    if (!found) {
      found = select(this);
      this.#selected.set(owner, found);
    }
    return found;
  }

  /** As `where`, over the `allObjects` nodes. */
  whereAll(filter: NodeFilter): readonly ElementNode[] {
    let found = this.#filteredAll.get(filter);
    if (!found) {
      found = this.allObjects.filter(filter);
      this.#filteredAll.set(filter, found);
    }
    return found;
  }
}

const NONE: readonly ElementNode[] = [];

/** `nodes` sorted by ordinal; they almost always already are, and then nothing is sorted. */
function inWalkOrder(nodes: ElementNode[]): ElementNode[] {
  for (let i = 1; i < nodes.length; i += 1) {
    if ((nodes[i] as ElementNode).ordinal < (nodes[i - 1] as ElementNode).ordinal) return nodes.sort((a, b) => a.ordinal - b.ordinal);
  }
  return nodes;
}

function isResource(object: JsonObject): boolean {
  return typeof object.resourceType === 'string';
}

/** Several walk-ordered lists as one, without duplicates. */
export function mergeInWalkOrder(lists: readonly (readonly ElementNode[])[]): readonly ElementNode[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return NONE;
  if (nonEmpty.length === 1) return nonEmpty[0] as readonly ElementNode[];
  // Each list is already in walk order: a k-way merge by ordinal, a node found by several lists
  // taken once (no sort, no intermediate arrays: this runs per message for every merged selector).
  const heads = new Array<number>(nonEmpty.length).fill(0);
  const merged: ElementNode[] = [];
  let last = -1;
  for (;;) {
    let pick = -1;
    let lowest = Infinity;
    for (let l = 0; l < nonEmpty.length; l += 1) {
      const list = nonEmpty[l] as readonly ElementNode[];
      const head = heads[l] as number;
      if (head < list.length && (list[head] as ElementNode).ordinal < lowest) {
        lowest = (list[head] as ElementNode).ordinal;
        pick = l;
      }
    }
    if (pick < 0) return merged;
    const node = (nonEmpty[pick] as readonly ElementNode[])[heads[pick] as number] as ElementNode;
    heads[pick] = (heads[pick] as number) + 1;
    if (node.ordinal !== last) merged.push(node);
    last = node.ordinal;
  }
}
