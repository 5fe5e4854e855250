/**
 * The focal Claims of a message as the money and date rules read them: the Claim, its items and
 * their service dates, its supporting information by category, its Encounter and Patient. Each
 * part is read on first use and kept for the message (`claimsOf`), so forty rules asking for
 * "the Claim's Encounter" or "the created date" resolve and parse it once (issue 3).
 */
import { firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { BundleEntry } from '../../../../fhir/message.js';
import type { Finding } from '../../../../findings/finding.js';
import type { RuleContext } from '../../../context.js';
import type { MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';
import { parseDate, type FhirDate } from './dates.js';
import { extensionValue, isObject, nphiesExtension, NO_FINDINGS, NO_PROBLEMS, report, resolve, type Problem } from './support.js';

const ENCOUNTER = nphiesExtension('encounter');
const NEWBORN = nphiesExtension('newborn');

/** The focal Claims of the message, in focal order, read once per message. */
export function claimsOf(message: MessageUnderTest): readonly ClaimView[] {
  return message.shared(readClaims);
}

function readClaims(message: MessageUnderTest): readonly ClaimView[] {
  const claims: ClaimView[] = [];
  for (const entry of message.focal) {
    if (entry.resource?.resourceType === 'Claim') claims.push(new ClaimView(message, entry));
  }
  return claims;
}

/**
 * A rule over each focal Claim: `check` returns what is wrong (`NO_PROBLEMS` when nothing is),
 * each problem at a sub-path of the Claim or of the entry it names.
 */
export function claimRule(id: string, check: (claim: ClaimView, context: RuleContext) => readonly Problem[]): Rule {
  return {
    id,
    check(message, context) {
      const claims = claimsOf(message);
      let findings: Finding[] | undefined;
      for (let i = 0; i < claims.length; i++) {
        const claim = claims[i] as ClaimView;
        const problems = check(claim, context);
        if (problems.length > 0) findings = report(id, message, claim.entryIndex, problems, findings);
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** One item of a Claim (an object of `Claim.item`), with its serviced[x] read on first use. */
export class ItemView {
  #serviced: Serviced | undefined | null = null;

  constructor(
    readonly index: number,
    readonly item: JsonObject,
  ) {}

  /** `item[i]`, for an expression. */
  get path(): string {
    return `item[${this.index}]`;
  }

  /** The item's serviced[x]: a date is a period of one day. */
  get serviced(): Serviced | undefined {
    if (this.#serviced === null) this.#serviced = servicedOf(this.item, this.index);
    return this.#serviced;
  }
}

/** An item's serviced[x]: a date is a period of one day. */
export class Serviced {
  constructor(
    private readonly itemIndex: number,
    readonly isPeriod: boolean,
    readonly start: FhirDate | undefined,
    readonly end: FhirDate | undefined,
  ) {}

  /** Sub-path of the item's servicedDate or servicedPeriod. */
  get at(): string {
    return `item[${this.itemIndex}].${this.isPeriod ? 'servicedPeriod' : 'servicedDate'}`;
  }
}

function servicedOf(item: JsonObject, index: number): Serviced | undefined {
  if (item.servicedDate !== undefined) {
    const date = parseDate(item.servicedDate);
    return new Serviced(index, false, date, date);
  }
  const period = item.servicedPeriod;
  return isObject(period) ? new Serviced(index, true, parseDate(period.start), parseDate(period.end)) : undefined;
}

/**
 * A problem at each item `broken` accepts, at the item (`sub` empty) or at `item[i].<sub>`:
 * the shape of the rules that check each item on its own.
 */
export function itemProblems(claim: ClaimView, broken: (item: JsonObject) => boolean, sub: string, why: string): readonly Problem[] {
  let problems: Problem[] | undefined;
  for (const view of claim.items) {
    if (broken(view.item)) (problems ??= []).push({ at: sub === '' ? view.path : `${view.path}.${sub}`, why });
  }
  return problems ?? NO_PROBLEMS;
}

/** A supporting information of a Claim with its index in `Claim.supportingInfo`. */
export interface InfoView {
  readonly index: number;
  readonly info: JsonObject;
}

const NO_ITEMS: readonly ItemView[] = [];
const NO_INFOS: readonly InfoView[] = [];

/** One focal Claim. Every part is computed on first use: a rule not run for the event costs nothing. */
export class ClaimView {
  readonly claim: JsonObject;
  /** Index of the Claim's entry in the bundle. */
  readonly entryIndex: number;
  #created: FhirDate | undefined | null = null;
  #items: readonly ItemView[] | undefined;
  #infos: Map<string, InfoView[]> | undefined;
  #encounter: BundleEntry | undefined | null = null;
  #encounterPeriod: EncounterPeriod | undefined;
  #patient: BundleEntry | undefined | null = null;
  #prescription: BundleEntry | undefined | null = null;

  constructor(
    readonly message: MessageUnderTest,
    entry: BundleEntry,
  ) {
    this.claim = entry.resource as JsonObject;
    this.entryIndex = entry.index;
  }

  /** Claim.use as sent. */
  get use(): unknown {
    return this.claim.use;
  }

  /** Claim.created, parsed. */
  get created(): FhirDate | undefined {
    if (this.#created === null) this.#created = parseDate(this.claim.created);
    return this.#created;
  }

  /** The objects of Claim.item, with their indices. */
  get items(): readonly ItemView[] {
    return (this.#items ??= readItems(this.claim.item));
  }

  /** Supporting information whose first category coding has `category` as its code, in order. */
  infosOf(category: string): readonly InfoView[] {
    return (this.#infos ??= groupByCategory(this.claim.supportingInfo)).get(category) ?? NO_INFOS;
  }

  /** The Encounter the Claim names (`extension-encounter`, as NPHIES profiles it), resolved in the bundle. */
  get encounter(): BundleEntry | undefined {
    if (this.#encounter === null) {
      const entry = resolve(this.message.entryIndex, extensionValue(this.claim, ENCOUNTER, 'valueReference'));
      this.#encounter = entry?.resource?.resourceType === 'Encounter' ? entry : undefined;
    }
    return this.#encounter;
  }

  /** Encounter.class.code of the Claim's Encounter (the rules' "encounter.type": IMP, SS, EMER). */
  get encounterClass(): string | undefined {
    const encounter = this.encounter?.resource;
    const type = encounter === undefined ? undefined : encounter.class;
    return isObject(type) && typeof type.code === 'string' ? type.code : undefined;
  }

  /** The Claim's Encounter's period, its ends parsed. */
  get encounterPeriod(): EncounterPeriod {
    return (this.#encounterPeriod ??= periodOf(this.encounter?.resource?.period));
  }

  /** The Patient `Claim.patient` names. */
  get patient(): BundleEntry | undefined {
    if (this.#patient === null) this.#patient = patientOf(this.claim, this.message);
    return this.#patient;
  }

  /** The entry `Claim.prescription` names (a VisionPrescription or a MedicationRequest), resolved in the bundle. */
  get prescription(): BundleEntry | undefined {
    if (this.#prescription === null) this.#prescription = resolve(this.message.entryIndex, this.claim.prescription);
    return this.#prescription;
  }

  /**
   * The birth date of the newborn the Claim is for (`extension-newborn`): its patient's, as NPHIES
   * bills a newborn on the mother's coverage. Undefined for any other Claim.
   */
  get newbornBirthDate(): FhirDate | undefined {
    return isNewborn(this.claim) ? parseDate(this.patient?.resource?.birthDate) : undefined;
  }
}

export interface EncounterPeriod {
  /** `period.end` is given (whatever its form). */
  readonly hasEnd: boolean;
  readonly start: FhirDate | undefined;
  readonly end: FhirDate | undefined;
}

const NO_PERIOD: EncounterPeriod = { hasEnd: false, start: undefined, end: undefined };

function periodOf(period: unknown): EncounterPeriod {
  if (!isObject(period)) return NO_PERIOD;
  return { hasEnd: period.end !== undefined, start: parseDate(period.start), end: parseDate(period.end) };
}

function readItems(value: unknown): readonly ItemView[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  const items: ItemView[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (isObject(item)) items.push(new ItemView(index, item));
  }
  return items;
}

function groupByCategory(value: unknown): Map<string, InfoView[]> {
  const byCategory = new Map<string, InfoView[]>();
  if (!Array.isArray(value)) return byCategory;
  for (let index = 0; index < value.length; index++) {
    const info: unknown = value[index];
    if (!isObject(info)) continue;
    const category = firstCode(info.category);
    if (category === undefined) continue;
    const list = byCategory.get(category);
    if (list) list.push({ index, info });
    else byCategory.set(category, [{ index, info }]);
  }
  return byCategory;
}

/** The Patient a resource names in `element` (`patient`, `subject`). */
export function patientOf(resource: JsonObject, message: MessageUnderTest, element = 'patient'): BundleEntry | undefined {
  const entry = resolve(message.entryIndex, resource[element]);
  return entry?.resource?.resourceType === 'Patient' ? entry : undefined;
}

/** `extension-newborn` is true (a Claim or an eligibility request for a newborn). */
export function isNewborn(resource: JsonObject): boolean {
  return extensionValue(resource, NEWBORN, 'valueBoolean') === true;
}

/**
 * The Claim's Encounter when the Claim is claimed (`use` "claim") for an inpatient or same-day
 * surgery stay: Encounter.class IMP or SS, which the rules call "encounter.type".
 */
export function claimedAdmission(claim: ClaimView): BundleEntry | undefined {
  if (claim.use !== 'claim') return undefined;
  const type = claim.encounterClass;
  return type === 'IMP' || type === 'SS' ? claim.encounter : undefined;
}

/** The Encounter's `hospitalization`, when it is an object. */
export function hospitalizationOf(encounter: BundleEntry): JsonObject | undefined {
  const hospitalization = encounter.resource?.hospitalization;
  return isObject(hospitalization) ? hospitalization : undefined;
}
