/**
 * The expected official codes of the generated defects, read from the rule table itself
 * (schemas/rules/nphies-rules.json, the NPHIES workbook) rather than from the validator, so a
 * check filed under the wrong code fails the mutation test. The profile data (profiles/) says
 * what each profile requires; profiles/sample-decisions.json lists the checks left unenforced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

interface OfficialRule {
  readonly id: string;
  readonly family: string;
  readonly element: string;
  readonly description: string;
  readonly active: boolean;
}

export interface ProfileElement {
  readonly path: string;
  readonly tablePath: string;
  readonly min: number;
  readonly max: string;
  readonly array: boolean;
  readonly type: string;
  readonly fixed?: string;
  readonly extensionUrl?: string;
}

export interface Profile {
  readonly name: string;
  readonly url: string;
  readonly resourceType: string;
  readonly focalFor: readonly string[];
  readonly elements: readonly ProfileElement[];
}

const rules = (JSON.parse(readFileSync(join(ROOT, 'schemas', 'rules', 'nphies-rules.json'), 'utf8')) as { rules: OfficialRule[] }).rules
  .filter((r) => r.active)
  .sort((a, b) => a.id.localeCompare(b.id));

/** `Claim.item.serviced[x]:servicedDate` → `claim.item.serviceddate`; the workbook's spelling, case and dashes aside. */
const key = (element: string): string => element.trim().replace(/\w+\[x\]:(\w+)/g, '$1').replace(/\[x\]/g, '').replace(/-/g, '').toLowerCase();

/** Element → lowest active rule id of `family` whose text matches `text` (conditional rules are business rules, not the element's base check). */
function index(family: string, text: RegExp): Map<string, string> {
  const byElement = new Map<string, string>();
  for (const rule of rules) {
    if (rule.family !== family || !text.test(rule.description) || /\b(if|when)\b/i.test(rule.description)) continue;
    for (const element of rule.element.split(',')) if (!byElement.has(key(element))) byElement.set(key(element), rule.id);
  }
  return byElement;
}

const cardinality = index('IC', /cardinality/i);
const valueSet = index('IB', /SHALL use a code from the specified valueSet/i);
const reference = index('RE', /SHALL use a reference to a resource/i);

/** The IC code of a profile element's cardinality (IC-01428, the generic one, where the table has none). */
export function cardinalityCode(profile: Profile, element: ProfileElement): string {
  const keys = [key(element.tablePath)];
  const slice = element.path.split('.extension:')[1];
  // The workbook also spells a slice after its resource: `Patient.extension.Patient-occupation`.
  if (slice !== undefined) keys.push(key(`${element.tablePath.slice(0, element.tablePath.length - slice.length - 1)}.${profile.resourceType}-${slice}`));
  return keys.map((k) => cardinality.get(k)).find(Boolean) ?? 'IC-01428';
}

/** The IB code of a fixed value (IB-00240, "content does not match fixed value", where the table has none). */
export function fixedValueCode(element: ProfileElement): string {
  return valueSet.get(key(element.tablePath)) ?? 'IB-00240';
}

/** The RE code of a reference element (`Claim.careTeam.provider`), RE-00174 where the table has none. */
export function referenceCode(element: string): string {
  return reference.get(key(element)) ?? 'RE-00174';
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'profiles', 'manifest.json'), 'utf8')) as { profiles: { url: string; file: string }[] };
const profiles = new Map<string, Profile>();
for (const { url, file } of manifest.profiles) profiles.set(url, JSON.parse(readFileSync(join(ROOT, 'profiles', file), 'utf8')) as Profile);

/** The profile a resource declares first (version dropped), if the profile data has it. */
export function declaredProfile(resource: any): Profile | undefined {
  const url = resource?.meta?.profile?.[0];
  return typeof url === 'string' ? profiles.get(url.split('|')[0]!) : undefined;
}

/** Every profile, for defects that declare one on the wrong resource. */
export const allProfiles = (): readonly Profile[] => [...new Set(profiles.values())];

const decisions = (JSON.parse(readFileSync(join(ROOT, 'profiles', 'sample-decisions.json'), 'utf8')) as { decisions: { profile: string; path: string; kind: string; enforced: boolean }[] }).decisions;
const suspended = new Set(decisions.filter((d) => !d.enforced).map((d) => `${d.profile} ${d.path} ${d.kind}`));

/** Whether the gateway leaves a profile check unenforced (rules published after the 2021 samples). */
export const isSuspended = (profile: Profile, element: ProfileElement, kind: 'cardinality' | 'extension' | 'fixed'): boolean =>
  suspended.has(`${profile.name} ${element.path} ${kind}`);

/** The IC code for a resource's missing `meta.profile` (`Claim.meta.profile`). */
export function metaProfileCode(resourceType: string): string | undefined {
  return cardinality.get(key(`${resourceType}.meta.profile`));
}

/** The RE code of a reference made by an extension (`extension-encounter` on a Claim → `Claim.extension.reference.encounter`). */
export function extensionReferenceCode(resourceType: string, name: string): string {
  const wanted = new RegExp(`^${resourceType.toLowerCase()}\\..*extension\\.(reference\\.)?${name.toLowerCase()}$`);
  for (const [element, id] of reference) if (wanted.test(element)) return id;
  return 'RE-00174';
}
