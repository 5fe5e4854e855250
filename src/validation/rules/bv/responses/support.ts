/**
 * Shared reading helpers for the response-side rules: one rule object per official id is built
 * with `resourceRule`, which walks the focal resources of one type and turns each reported
 * sub-path into a finding at `Bundle.entry[i].resource.<sub>`.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import type { EntryIndex } from '../../../../fhir/references.js';
import type { RuleContext } from '../../../context.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import type { Rule } from '../../../rule.js';

/** Adds one finding: `sub` is the element inside the resource (undefined = the resource itself). */
export type Report = (sub: string | undefined, diagnostics: string) => void;

export interface RuleScope {
  readonly message: MessageUnderTest;
  readonly context: RuleContext;
  readonly index: number;
  /** Resolves literal references inside the bundle (the message's index, built once per message). */
  readonly entries: () => EntryIndex;
  /** Adds a finding on another entry of the message (a referenced resource). */
  readonly reportEntry: (entryIndex: number, sub: string | undefined, diagnostics: string) => void;
}

/** A rule over every focal resource of the given types. */
export function resourceRule(id: string, types: readonly string[], check: (resource: JsonObject, report: Report, scope: RuleScope) => void): Rule {
  return {
    id,
    check(message, context) {
      const findings: Finding[] = [];
      const entries = (): EntryIndex => message.entryIndex;
      for (const entry of message.focal) {
        const resource = entry.resource;
        if (!resource || !types.includes(String(resource.resourceType))) continue;
        const report: Report = (sub, diagnostics) => findings.push(error(id, entryPath(message, entry.index, sub), diagnostics));
        const reportEntry = (entryIndex: number, sub: string | undefined, diagnostics: string): void => {
          findings.push(error(id, entryPath(message, entryIndex, sub), diagnostics));
        };
        check(resource, report, { message, context, index: entry.index, entries, reportEntry });
      }
      return findings;
    },
  };
}

/** A rule over the MessageHeader (always entry 0 of the message). */
export function headerRule(id: string, check: (header: JsonObject, report: Report, message: MessageUnderTest, context: RuleContext) => void): Rule {
  return {
    id,
    check(message, context) {
      const findings: Finding[] = [];
      const report: Report = (sub, diagnostics) => findings.push(error(id, entryPath(message, 0, sub), diagnostics));
      check(message.envelope.header, report, message, context);
      return findings;
    },
  };
}

/** Objects of an array element with their index. */
export function each(value: unknown): { node: JsonObject; i: number }[] {
  const found: { node: JsonObject; i: number }[] = [];
  const array = asArray(value);
  for (let i = 0; i < array.length; i += 1) {
    const node = asObject(array[i]);
    if (node !== undefined) found.push({ node, i });
  }
  return found;
}

/** The extension whose url ends with `/<name>` (NPHIES StructureDefinition names), with its index. */
export function extensionNamed(node: JsonObject, name: string): { ext: JsonObject; i: number } | undefined {
  // Every rule asks this of every focal resource: a loop, no list of pairs, no `/${name}` string per call.
  const extensions = node.extension;
  if (!Array.isArray(extensions)) return undefined;
  for (let i = 0; i < extensions.length; i += 1) {
    const ext = asObject(extensions[i]);
    const url = ext?.url;
    if (ext && typeof url === 'string' && endsWithSegment(url, name)) return { ext, i };
  }
  return undefined;
}

/** `url` ends with `/` + `name`. */
function endsWithSegment(url: string, name: string): boolean {
  return url.length > name.length && url.endsWith(name) && url.charCodeAt(url.length - name.length - 1) === 47;
}

export const ADJUDICATION_OUTCOME = 'extension-adjudication-outcome';

/** The adjudication-outcome code on a ClaimResponse or one of its items, with its path. */
export function adjudicationOutcome(node: JsonObject): { code: string | undefined; path: string } | undefined {
  const found = extensionNamed(node, ADJUDICATION_OUTCOME);
  if (!found) return undefined;
  return { code: firstCode(found.ext.valueCodeableConcept), path: `extension[${found.i}].valueCodeableConcept.coding[0].code` };
}

/** The category code of an adjudication or total. */
export function categoryOf(node: JsonObject): string | undefined {
  return firstCode(node.category);
}

export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** True when a text is longer than its limit: `arabic` applies when the text holds Arabic letters. */
export function tooLong(text: unknown, english: number, arabic = english): boolean {
  if (typeof text !== 'string') return false;
  const limit = ARABIC.test(text) ? arabic : english;
  return [...text].length > limit;
}

const DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** The ±15-minute clock skew the gateway tolerates (SPEC section 5). */
const SKEW_MS = 15 * 60_000;

/**
 * True when a FHIR date or dateTime lies after `now`. A date without time is compared with the
 * latest calendar date anywhere on earth (UTC+14), so a Riyadh "today" is never in the future.
 */
export function isFuture(value: unknown, now: number): boolean {
  if (typeof value !== 'string') return false;
  if (DATE_ONLY.test(value)) return value > new Date(now + 14 * 3_600_000).toISOString().slice(0, value.length);
  const time = Date.parse(value);
  return Number.isFinite(time) && time > now + SKEW_MS;
}

/** Calendar date (YYYY-MM-DD) of a FHIR date or dateTime, as written. */
export function dayOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : undefined;
}

/** Money in cents, for comparisons without floating-point drift. */
export function cents(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : undefined;
}

/**
 * The licence an Organization reference names: its identifier when the reference is by
 * identifier, else the identifiers of the Organization entry it resolves to. Undefined when
 * it cannot be told from the message (an unresolved reference is a RE- finding, not ours).
 */
export function licencesOf(reference: unknown, scope: RuleScope): string[] | undefined {
  const ref = asObject(reference);
  if (!ref) return undefined;
  const direct = asString(asObject(ref.identifier)?.value);
  if (direct !== undefined) return [direct];
  const literal = asString(ref.reference);
  const entry = literal === undefined ? undefined : scope.entries().resolve(literal);
  if (!entry?.resource) return undefined;
  return each(entry.resource.identifier)
    .map(({ node }) => asString(node.value))
    .filter((v): v is string => v !== undefined);
}

/** The resource a literal reference resolves to inside the bundle. */
export function resolved(reference: unknown, scope: RuleScope): JsonObject | undefined {
  const literal = asString(asObject(reference)?.reference);
  return literal === undefined ? undefined : scope.entries().resolve(literal)?.resource;
}

const PROVIDER_LICENCE = 'http://nphies.sa/license/provider-license';
const PAYER_LICENCE = 'http://nphies.sa/license/payer-license';

/** Provider or payer organization, from Organization.type (prov / ins) or its licence system. */
export function organizationKind(organization: JsonObject | undefined): 'provider' | 'payer' | undefined {
  if (!organization || organization.resourceType !== 'Organization') return undefined;
  const types = each(organization.type).map(({ node }) => firstCode(node));
  if (types.includes('prov')) return 'provider';
  if (types.includes('ins')) return 'payer';
  const systems = each(organization.identifier).map(({ node }) => asString(node.system));
  if (systems.includes(PROVIDER_LICENCE)) return 'provider';
  if (systems.includes(PAYER_LICENCE)) return 'payer';
  return undefined;
}
