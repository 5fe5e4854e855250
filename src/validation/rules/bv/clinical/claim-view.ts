/**
 * Read-only views of the clinical parts of a claim or prior authorization (diagnoses,
 * supporting information, items, the linked Encounter and Patient), shared by the clinical rules.
 * Everything is read defensively: shape problems belong to the schema and profile layers.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';

export const SD = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/';
export const CS = 'http://nphies.sa/terminology/CodeSystem/';
export const ICD10AM = 'http://hl7.org/fhir/sid/icd-10-am';
export const MEDICATION_CODES = `${CS}medication-codes`;

export interface ClaimUnderTest {
  readonly entry: BundleEntry;
  readonly claim: JsonObject;
  readonly type: string | undefined;
  readonly subType: string | undefined;
  readonly use: string | undefined;
  /** The claim's supporting information (read once per message, shared by the rules). */
  readonly supportingInfo: readonly SupportingInfo[];
  /** The claim's items (read once per message, shared by the rules). */
  readonly items: readonly Item[];
  /** The supporting information of one category, compared without case. */
  infosOf(category: string): readonly SupportingInfo[];
  /** FHIRPath of the claim or of an element in it. */
  path(sub?: string): string;
}

/** The focal Claim resources of a message, read once per message and shared by every rule. */
export function claimsOf(message: MessageUnderTest): readonly ClaimUnderTest[] {
  return message.shared(readClaims);
}

function readClaims(message: MessageUnderTest): readonly ClaimUnderTest[] {
  const claims: ClaimUnderTest[] = [];
  for (const entry of message.focal) {
    const claim = entry.resource;
    if (claim?.resourceType !== 'Claim') continue;
    claims.push(new ClaimView(message, entry, claim));
  }
  return claims;
}

class ClaimView implements ClaimUnderTest {
  readonly type: string | undefined;
  readonly subType: string | undefined;
  readonly use: string | undefined;
  #supportingInfo: readonly SupportingInfo[] | undefined;
  #items: readonly Item[] | undefined;
  #byCategory: ReadonlyMap<string, readonly SupportingInfo[]> | undefined;

  constructor(
    private readonly message: MessageUnderTest,
    readonly entry: BundleEntry,
    readonly claim: JsonObject,
  ) {
    this.type = firstCode(claim.type);
    this.subType = firstCode(claim.subType);
    this.use = asString(claim.use);
  }

  get supportingInfo(): readonly SupportingInfo[] {
    return (this.#supportingInfo ??= supportingInfoOf(this.claim));
  }

  get items(): readonly Item[] {
    return (this.#items ??= itemsOf(this.claim));
  }

  infosOf(category: string): readonly SupportingInfo[] {
    this.#byCategory ??= groupByCategory(this.supportingInfo);
    return this.#byCategory.get(category.toLowerCase()) ?? [];
  }

  path(sub?: string): string {
    return entryPath(this.message, this.entry.index, sub);
  }
}

function groupByCategory(infos: readonly SupportingInfo[]): Map<string, SupportingInfo[]> {
  const byCategory = new Map<string, SupportingInfo[]>();
  for (const info of infos) {
    if (info.category === undefined) continue;
    const key = info.category.toLowerCase();
    const list = byCategory.get(key);
    if (list) list.push(info);
    else byCategory.set(key, [info]);
  }
  return byCategory;
}

/** Every resource of a type in the message, with its expression builder. */
export interface ResourceOfType {
  readonly entry: BundleEntry;
  readonly resource: JsonObject;
  path(sub?: string): string;
}

export function resourcesOf(message: MessageUnderTest, resourceType: string): readonly ResourceOfType[] {
  const byType = message.shared(newResourceViews);
  let views = byType.get(resourceType);
  if (!views) {
    views = message.entriesOfType(resourceType).map((entry) => ({ entry, resource: entry.resource as JsonObject, path: (sub?: string) => entryPath(message, entry.index, sub) }));
    byType.set(resourceType, views);
  }
  return views;
}

/** Per message: the views of its resources by type, filled as rules ask. */
function newResourceViews(): Map<string, readonly ResourceOfType[]> {
  return new Map();
}

export function codings(concept: unknown): JsonObject[] {
  return asArray(asObject(concept)?.coding).map(asObject).filter((c): c is JsonObject => c !== undefined);
}

/** Codes of a CodeableConcept, optionally only those of one system. */
export function codesOf(concept: unknown, system?: string): string[] {
  return codings(concept)
    .filter((c) => system === undefined || c.system === system)
    .map((c) => asString(c.code))
    .filter((c): c is string => c !== undefined);
}

export function objects(value: unknown): JsonObject[] {
  return asArray(value).map(asObject).filter((o): o is JsonObject => o !== undefined);
}

/** The extension of `resource` with the NPHIES url `extension-<name>`, if any. */
export function extensionOf(resource: JsonObject | undefined, name: string): JsonObject | undefined {
  return objects(resource?.extension).find((e) => e.url === `${SD}extension-${name}`);
}

export interface SupportingInfo {
  readonly index: number;
  readonly info: JsonObject;
  /** Category code, as sent. */
  readonly category: string | undefined;
  readonly sequence: unknown;
}

export function supportingInfoOf(claim: JsonObject): SupportingInfo[] {
  return asArray(claim.supportingInfo).flatMap((raw, index) => {
    const info = asObject(raw);
    return info ? [{ index, info, category: firstCode(info.category), sequence: info.sequence }] : [];
  });
}

/** Does the claim carry a supporting-info entry of this category (compared without case)? */
export function hasCategory(claim: ClaimUnderTest, category: string): boolean {
  return claim.infosOf(category).length > 0;
}

export interface Item {
  readonly index: number;
  readonly item: JsonObject;
}

export function itemsOf(claim: JsonObject): Item[] {
  return asArray(claim.item).flatMap((raw, index) => {
    const item = asObject(raw);
    return item ? [{ index, item }] : [];
  });
}

export function isNewborn(claim: JsonObject): boolean {
  return extensionOf(claim, 'newborn')?.valueBoolean === true;
}

/** Resolves a literal Reference (an object with `.reference`) inside the message. */
export function resolveReference(message: MessageUnderTest, reference: unknown): BundleEntry | undefined {
  const ref = asString(asObject(reference)?.reference);
  if (ref === undefined) return undefined;
  return message.entryIndex.resolve(ref);
}

/** The Encounter a claim points to with `extension-encounter`, when it is in the message. */
export function encounterOf(message: MessageUnderTest, claim: JsonObject): BundleEntry | undefined {
  const entry = resolveReference(message, extensionOf(claim, 'encounter')?.valueReference);
  return entry?.resource?.resourceType === 'Encounter' ? entry : undefined;
}

/** Do two references designate the same entry of the message (or, unresolved, the same text)? */
export function sameTarget(message: MessageUnderTest, a: unknown, b: unknown): boolean {
  const left = resolveReference(message, a);
  const right = resolveReference(message, b);
  if (left && right) return left.index === right.index;
  const ra = asString(asObject(a)?.reference);
  return ra !== undefined && ra === asString(asObject(b)?.reference);
}

export function uses(claim: ClaimUnderTest, ...allowed: string[]): boolean {
  return claim.use !== undefined && allowed.includes(claim.use);
}
