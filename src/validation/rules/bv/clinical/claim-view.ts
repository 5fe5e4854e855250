/**
 * Read-only views of the clinical parts of a claim or prior authorization (diagnoses,
 * supporting information, items, the linked Encounter), read once per message with
 * `message.shared` and shared by every clinical rule, so ninety rules cost one read (issue 3).
 * Everything is read defensively: shape problems belong to the schema and profile layers.
 */
import type { Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS, extensionOf, extensionUrl } from './concepts.js';
import { normaliseIcd } from './data.js';

export interface ClaimUnderTest {
  readonly entry: BundleEntry;
  readonly claim: JsonObject;
  readonly type: string | undefined;
  readonly subType: string | undefined;
  readonly use: string | undefined;
  /** The claim's supporting information, objects only, with their positions. */
  readonly supportingInfo: readonly SupportingInfo[];
  /** The claim's items, objects only, with their positions. */
  readonly items: readonly Item[];
  /** The claim's diagnoses, objects only, with their positions. */
  readonly diagnoses: readonly Diagnosis[];
  /** The Encounter the claim points to with `extension-encounter`, when it is in the message. */
  readonly encounter: LinkedEncounter | undefined;
  /** `Claim.extension.newborn` is `true`. */
  readonly newborn: boolean;
  /** The supporting information of one category (given in lower case), compared without case. */
  infosOf(category: string): readonly SupportingInfo[];
  /** FHIRPath of the claim or of an element in it. */
  path(sub?: string): string;
}

export interface SupportingInfo {
  readonly index: number;
  readonly info: JsonObject;
  /** Category code, as sent. */
  readonly category: string | undefined;
  readonly sequence: unknown;
}

export interface Item {
  readonly index: number;
  readonly item: JsonObject;
}

export interface Diagnosis {
  readonly index: number;
  readonly diagnosis: JsonObject;
  readonly sequence: unknown;
  /** First code of each `type` entry that is an object, by its position among them. */
  readonly types: readonly (string | undefined)[];
  /** The codings of `diagnosisCodeableConcept` that are objects, by position among them. */
  readonly codes: readonly DiagnosisCode[];
}

export interface DiagnosisCode {
  /** The code without dot, trimmed, in upper case (`''` when there is none), as the ICD lists hold it. */
  readonly normalised: string;
  /** `system|normalised`, what makes two diagnoses the same (BV-00057); undefined without a code. */
  readonly key: string | undefined;
}

export interface LinkedEncounter {
  readonly entry: BundleEntry;
  readonly encounter: JsonObject;
  /** `Encounter.class.code`. */
  readonly encounterClass: string | undefined;
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

const NO_INFOS: readonly SupportingInfo[] = Object.freeze([]);
const NEWBORN = extensionUrl('newborn');
const ENCOUNTER = extensionUrl('encounter');

/** Each part is read on first use: a rule list for an event that never asks for diagnoses pays nothing for them. */
class ClaimView implements ClaimUnderTest {
  readonly type: string | undefined;
  readonly subType: string | undefined;
  readonly use: string | undefined;
  #supportingInfo: readonly SupportingInfo[] | undefined;
  #items: readonly Item[] | undefined;
  #diagnoses: readonly Diagnosis[] | undefined;
  #byCategory: ReadonlyMap<string, readonly SupportingInfo[]> | undefined;
  /** null: looked for, not found. */
  #encounter: LinkedEncounter | null | undefined;
  #newborn: boolean | undefined;

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

  get diagnoses(): readonly Diagnosis[] {
    return (this.#diagnoses ??= diagnosesOf(this.claim));
  }

  get encounter(): LinkedEncounter | undefined {
    if (this.#encounter === undefined) this.#encounter = linkEncounter(this.message, this.claim) ?? null;
    return this.#encounter ?? undefined;
  }

  get newborn(): boolean {
    return (this.#newborn ??= extensionOf(this.claim, NEWBORN)?.valueBoolean === true);
  }

  infosOf(category: string): readonly SupportingInfo[] {
    this.#byCategory ??= groupByCategory(this.supportingInfo);
    return this.#byCategory.get(category) ?? NO_INFOS;
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

function supportingInfoOf(claim: JsonObject): SupportingInfo[] {
  const raw = asArray(claim.supportingInfo);
  const infos: SupportingInfo[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const info = asObject(raw[index]);
    if (info) infos.push({ index, info, category: firstCode(info.category), sequence: info.sequence });
  }
  return infos;
}

function itemsOf(claim: JsonObject): Item[] {
  const raw = asArray(claim.item);
  const items: Item[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const item = asObject(raw[index]);
    if (item) items.push({ index, item });
  }
  return items;
}

function diagnosesOf(claim: JsonObject): Diagnosis[] {
  const raw = asArray(claim.diagnosis);
  const diagnoses: Diagnosis[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const diagnosis = asObject(raw[index]);
    if (diagnosis) diagnoses.push({ index, diagnosis, sequence: diagnosis.sequence, types: typeCodes(diagnosis.type), codes: diagnosisCodes(diagnosis.diagnosisCodeableConcept) });
  }
  return diagnoses;
}

function typeCodes(types: unknown): (string | undefined)[] {
  const raw = asArray(types);
  const codes: (string | undefined)[] = [];
  for (const type of raw) if (asObject(type)) codes.push(firstCode(type));
  return codes;
}

function diagnosisCodes(concept: unknown): DiagnosisCode[] {
  const raw = asArray(asObject(concept)?.coding);
  const codes: DiagnosisCode[] = [];
  for (const entry of raw) {
    const coding = asObject(entry);
    if (!coding) continue;
    const code = asString(coding.code);
    const normalised = normaliseIcd(code ?? '');
    codes.push({ normalised, key: code === undefined ? undefined : `${asString(coding.system) ?? ''}|${normalised}` });
  }
  return codes;
}

/** Resolves a literal Reference (an object with `.reference`) inside the message. */
export function resolveReference(message: MessageUnderTest, reference: unknown): BundleEntry | undefined {
  const ref = asString(asObject(reference)?.reference);
  if (ref === undefined) return undefined;
  return message.entryIndex.resolve(ref);
}

class EncounterView implements LinkedEncounter {
  readonly encounterClass: string | undefined;

  constructor(
    private readonly message: MessageUnderTest,
    readonly entry: BundleEntry,
    readonly encounter: JsonObject,
  ) {
    this.encounterClass = asString(asObject(encounter.class)?.code);
  }

  path(sub?: string): string {
    return entryPath(this.message, this.entry.index, sub);
  }
}

function linkEncounter(message: MessageUnderTest, claim: JsonObject): LinkedEncounter | undefined {
  const entry = resolveReference(message, extensionOf(claim, ENCOUNTER)?.valueReference);
  const resource = entry?.resource;
  return entry && resource?.resourceType === 'Encounter' ? new EncounterView(message, entry, resource) : undefined;
}

/** Do two references designate the same entry of the message (or, unresolved, the same text)? */
export function sameTarget(message: MessageUnderTest, a: unknown, b: unknown): boolean {
  const left = resolveReference(message, a);
  const right = resolveReference(message, b);
  if (left && right) return left.index === right.index;
  const ra = asString(asObject(a)?.reference);
  return ra !== undefined && ra === asString(asObject(b)?.reference);
}

/** An entry whose resource is of a known type (what `entriesOfType` lists). */
export interface TypedEntry extends BundleEntry {
  readonly resource: JsonObject;
}

/** Every resource of a type in the message, in bundle order (the message's own index; nothing is copied). */
export function resourcesOf(message: MessageUnderTest, resourceType: string): readonly TypedEntry[] {
  return message.entriesOfType(resourceType) as readonly TypedEntry[];
}

/** Is the claim's use one of `allowed`? */
export function usedFor(claim: ClaimUnderTest, allowed: readonly string[]): boolean {
  return claim.use !== undefined && allowed.includes(claim.use);
}

/** Claim.use values of a claim or a prior authorization, the uses most clinical rules name. */
export const CLAIM_OR_AUTH: readonly string[] = ['claim', 'preauthorization'];

/**
 * A rule checked claim by claim: `check` gives one claim's findings (NO_FINDINGS when clean), and
 * the usual single claim's findings are returned as they are, without copying.
 */
export function claimRule(id: string, check: (claim: ClaimUnderTest, message: MessageUnderTest) => Finding[]): Rule {
  return {
    id,
    check: (message) => {
      const claims = claimsOf(message);
      if (claims.length === 1) return check(claims[0] as ClaimUnderTest, message);
      let findings = NO_FINDINGS;
      for (const claim of claims) {
        const more = check(claim, message);
        if (more.length > 0) findings = findings.length > 0 ? findings.concat(more) : more;
      }
      return findings;
    },
  };
}

/** Does the claim carry supporting information of this category (given in lower case)? */
export function hasCategory(claim: ClaimUnderTest, category: string): boolean {
  return claim.infosOf(category).length > 0;
}
