/**
 * From an Ajv instancePath (a JSON pointer) to the two paths a finding needs:
 *  - the FHIRPath expression of the exact element, with indices (`Bundle.entry[1].resource.use`);
 *  - the element path the NPHIES rule catalogue uses, typed to the innermost resource and without
 *    indices (`Claim.use`), as lookup keys for the rule code.
 * The instance is walked alongside the pointer, because only the data tells an array index from a
 * property name, where a nested resource starts, and which extension (by `url`) an index holds.
 * Runs only for failing data, so it favours clarity over speed.
 */

export interface ElementSegment {
  /** Element name as in the JSON, without the `_` of a primitive's extension part. */
  readonly name: string;
  /** For an extension: the slice name derived from its url (`extension-newborn` → `newborn`). */
  readonly slice?: string;
}

export interface Location {
  /** FHIRPath of the element; undefined only for the root when it has no name. */
  readonly expression: string | undefined;
  /** resourceType of the innermost resource on the path, when it has one. */
  readonly resourceType: string | undefined;
  /** Elements from that resource down to the error's element. */
  readonly segments: readonly ElementSegment[];
}

/** `rootName` is the caller's basePath, or the resource type of the validated resource. */
export function locate(data: unknown, instancePath: string, rootName: string | undefined): Location {
  let expression = rootName ?? '';
  let node: unknown = data;
  let resourceType = resourceTypeOf(node);
  let segments: ElementSegment[] = [];
  let arrayOf: string | undefined;

  for (const token of pointerTokens(instancePath)) {
    if (Array.isArray(node)) {
      expression += `[${token}]`;
      node = node[Number(token)];
      if ((arrayOf === 'extension' || arrayOf === 'modifierExtension') && segments.length > 0) {
        const slice = sliceName(node);
        const last = segments[segments.length - 1];
        if (slice && last) segments[segments.length - 1] = { name: last.name, slice };
      }
      arrayOf = undefined;
    } else {
      expression += expression ? `.${token}` : token;
      node = isObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
      segments.push({ name: token.startsWith('_') ? token.slice(1) : token });
      arrayOf = token;
    }
    const nested = resourceTypeOf(node);
    if (nested !== undefined) {
      resourceType = nested;
      segments = [];
    }
  }
  return { expression: expression || undefined, resourceType, segments };
}

/** FHIRPath of the location with one more element appended (the missing or the unknown property). */
export function childExpression(location: Location, child: string): string {
  return location.expression ? `${location.expression}.${child}` : child;
}

/**
 * Catalogue keys for a location, most specific first. For each depth (deepest first, unless
 * `withAncestors` is false) it yields the path with extension slices and concrete choice names
 * (`valueQuantity`), then with the choice type stripped (`value`), then the same without slices.
 * It never yields the bare resource type: a rule on `Claim` as a whole is not about one element.
 */
export function elementKeys(location: Location, choiceTypeSuffixes: ReadonlySet<string>, withAncestors: boolean, child?: string): string[] {
  if (location.resourceType === undefined) return [];
  const segments = child === undefined ? location.segments : [...location.segments, { name: child }];
  const keys: string[] = [];
  const seen = new Set<string>();
  const add = (names: string[]): void => {
    const key = normaliseElementKey([location.resourceType as string, ...names].join('.'));
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
  };
  const lowest = withAncestors ? 1 : segments.length;
  for (let depth = segments.length; depth >= lowest && depth > 0; depth--) {
    const part = segments.slice(0, depth);
    for (const withSlices of [true, false]) {
      const names = part.flatMap((s, i) => segmentNames(s, withSlices, part[i - 1]));
      add(names);
      add(names.map((n) => stripChoiceType(n, choiceTypeSuffixes)));
    }
  }
  return keys;
}

/** One spelling for catalogue elements and computed paths: case and hyphens vary in the workbook. */
export function normaliseElementKey(path: string): string {
  return path.toLowerCase().replace(/-/g, '');
}

function segmentNames(segment: ElementSegment, withSlices: boolean, parent: ElementSegment | undefined): string[] {
  if (!withSlices || !segment.slice) return [segment.name];
  // The workbook names a part of a complex extension after the parent slice: `extension.diagnosis.sequence`.
  return parent?.slice ? [segment.slice] : [segment.name, segment.slice];
}

/** `valueQuantity` → `value`, `servicedDate` → `serviced`; other names are returned unchanged. */
function stripChoiceType(name: string, suffixes: ReadonlySet<string>): string {
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90 && suffixes.has(name.slice(i))) return name.slice(0, i);
  }
  return name;
}

function sliceName(extension: unknown): string | undefined {
  if (!isObject(extension) || typeof extension.url !== 'string') return undefined;
  const tail = extension.url.slice(extension.url.lastIndexOf('/') + 1);
  const name = tail.startsWith('extension-') ? tail.slice('extension-'.length) : tail;
  return name || undefined;
}

function resourceTypeOf(node: unknown): string | undefined {
  // Only resources carry `resourceType` in FHIR JSON, so any object with one starts a resource.
  return isObject(node) && typeof node.resourceType === 'string' ? node.resourceType : undefined;
}

function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
