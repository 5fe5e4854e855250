/**
 * What rules may consult: compiled, in-memory data only (no I/O on the hot path).
 * Built once at start and passed in, never imported as a module singleton.
 */
import type { CodeCatalogue } from '../findings/catalogue.js';
import type { EventCatalogue } from '../fhir/events.js';
import type { Terminology } from './terminology/terminology.js';

export interface RuleContext {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  /** Element (`Claim.patient`) → the official RE- code for "SHALL use a reference to a resource". */
  readonly referenceCodes: ReadonlyMap<string, string>;
  /**
   * `Claim|encounter` (resource type and extension name, lower case) → the RE- code for an
   * extension's reference, e.g. RE-00189 "Claim.extension.reference.encounter".
   */
  readonly extensionReferenceCodes: ReadonlyMap<string, string>;
  /** Resource type (`Claim`) → the official IC- code for a missing `meta.profile`. */
  readonly profileCardinalityCodes: ReadonlyMap<string, string>;
  /** Code systems and value sets, when loaded (rules that need codes must cope without). */
  readonly terminology?: Terminology;
  /** The gateway's clock (epoch ms), so date rules are testable. */
  readonly now: () => number;
  /** The hub's own licence (WASL_GATEWAY_LICENCE), "NPHIES" unless configured: what poll-request and payment-notice address. */
  readonly gatewayLicence: string;
}

export function buildRuleContext(
  catalogue: CodeCatalogue,
  events: EventCatalogue,
  options: { terminology?: Terminology; now?: () => number; gatewayLicence?: string } = {},
): RuleContext {
  const referenceCodes = new Map<string, string>();
  const extensionReferenceCodes = new Map<string, string>();
  const profileCardinalityCodes = new Map<string, string>();
  for (const rule of catalogue.officialRules()) {
    if (!rule.active) continue;
    if (rule.family === 'RE' && /SHALL use a reference to a resource/i.test(rule.description)) {
      const element = rule.element.replace(/\[x\]/g, '');
      if (!referenceCodes.has(element)) referenceCodes.set(element, rule.id);
      const extension = /^(\w+)\..*extension\.(?:reference\.)?(\w+)$/.exec(element);
      if (extension?.[1] && extension[2]) {
        const key = `${extension[1]}|${extension[2]}`.toLowerCase();
        if (!extensionReferenceCodes.has(key)) extensionReferenceCodes.set(key, rule.id);
      }
    }
    const profile = /^(\w+)\.meta\.profile$/.exec(rule.element);
    if (rule.family === 'IC' && profile?.[1] && !profileCardinalityCodes.has(profile[1])) {
      profileCardinalityCodes.set(profile[1], rule.id);
    }
  }
  return {
    catalogue,
    events,
    referenceCodes,
    extensionReferenceCodes,
    profileCardinalityCodes,
    ...(options.terminology ? { terminology: options.terminology } : {}),
    now: options.now ?? Date.now,
    gatewayLicence: options.gatewayLicence ?? 'NPHIES',
  };
}
