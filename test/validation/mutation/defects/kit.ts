/**
 * What a kind of defect is, and the small readers the defect files share. A defect breaks a copy
 * of an official sample in one place and says which official code NPHIES reports there, at which
 * FHIRPath. Expressions are written from `Bundle` of the message the defect is given; the harness
 * rebases them when that message sits inside a batch.
 */
export interface Expectation {
  readonly code: string;
  readonly expression: string;
}

/**
 * One way of breaking one message: mutates `bundle` in place and says what must be reported.
 * A generated breakage has a `key` (the profile element it breaks): the harness breaks each key
 * once, in the first sample that has it, so the same element of the same profile is not broken
 * again in every sample (the walk that finds it is the same; only the run time would grow).
 */
export type Breakage = ((bundle: any) => Expectation | undefined) & { readonly key?: string };

/** A breakage with its key. */
export const keyed = (key: string, breakage: (bundle: any) => Expectation | undefined): Breakage => Object.assign(breakage, { key });

export interface Defect {
  readonly id: string;
  /** The family the kind belongs to (profile, reference, money, date, sequence, clinical, response, ...). */
  readonly family: string;
  /**
   * Every breakage of this kind that fits `message` (which must not be changed): most kinds have
   * one, generated kinds one per element of the message they can break.
   */
  breakages(message: any): readonly Breakage[];
}

/** A kind with a single breakage, which returns undefined when the message has nothing to break. */
export function defect(family: string, id: string, apply: Breakage): Defect {
  return { id, family, breakages: () => [apply] };
}

export const at = (entry: number, sub?: string): string => `Bundle.entry[${entry}].resource${sub ? `.${sub}` : ''}`;

export const eventOf = (bundle: any): string => bundle.entry[0].resource.eventCoding?.code;

export const entryIndex = (bundle: any, type: string): number => bundle.entry.findIndex((e: any) => e.resource?.resourceType === type);

export const focalIndex = (bundle: any): number => bundle.entry.findIndex((e: any) => e.fullUrl === bundle.entry[0].resource.focus?.[0]?.reference);

/** The index of the entry a reference (`{ reference }` or a string) resolves to, or -1. */
export const resolve = (bundle: any, reference: any): number => {
  const url = typeof reference === 'string' ? reference : reference?.reference;
  return url === undefined ? -1 : bundle.entry.findIndex((e: any) => e.fullUrl === url);
};

export const isClaimEvent = (bundle: any): boolean => ['claim-request', 'priorauth-request'].includes(eventOf(bundle));

/** The focal resource of the message when it is of `type` and the event is one of `events`: `[index, resource]`. */
export function focal(bundle: any, type: string, events?: readonly string[]): [number, any] | undefined {
  if (events && !events.includes(eventOf(bundle))) return undefined;
  const i = focalIndex(bundle);
  const resource = bundle.entry[i]?.resource;
  return resource?.resourceType === type ? [i, resource] : undefined;
}

/** The focal Claim of a claim or prior-authorization request. */
export const claimOf = (bundle: any): [number, any] | undefined => focal(bundle, 'Claim', ['claim-request', 'priorauth-request']);

/** The focal ClaimResponse of a claim or prior-authorization response. */
export const claimResponseOf = (bundle: any): [number, any] | undefined => focal(bundle, 'ClaimResponse', ['claim-response', 'priorauth-response']);

export const code = (concept: any): string | undefined => concept?.coding?.[0]?.code;

/** The index of the first extension whose URL ends with `name`, or -1. */
export const extensionIndex = (resource: any, name: string): number =>
  (resource?.extension ?? []).findIndex((e: any) => typeof e.url === 'string' && e.url.endsWith(`/${name}`));

/** The first resource of `type` the focal Claim's `element` reference resolves to: `[index, resource]`. */
export function claimTarget(bundle: any, element: (claim: any) => any, type: string): [number, any] | undefined {
  const claim = claimOf(bundle);
  if (!claim) return undefined;
  const i = resolve(bundle, element(claim[1]));
  return bundle.entry[i]?.resource?.resourceType === type ? [i, bundle.entry[i].resource] : undefined;
}

/** A date-time far in the future, whatever the clock. */
export const FUTURE = '2099-01-01T10:00:00+03:00';
export const FUTURE_DATE = '2099-01-01';

/** What a breaking callback returns: the official code and the path below `.resource` (`''` for the resource). */
export type Found = readonly [code: string, sub: string] | undefined;

/**
 * A kind that breaks the focal resource of `type` (for `events`, every event when omitted).
 * `apply` returns undefined, before changing anything, when the resource has nothing to break.
 */
export function focalDefect(family: string, id: string, type: string, events: readonly string[] | undefined, apply: (resource: any, bundle: any) => Found): Defect {
  return defect(family, id, (bundle) => {
    const found = focal(bundle, type, events);
    const result = found && apply(found[1], bundle);
    return result && { code: result[0], expression: at(found[0], result[1] || undefined) };
  });
}

/** A kind on the focal Claim of a claim or prior-authorization request. */
export const claimDefect = (family: string, id: string, apply: (claim: any, bundle: any) => Found): Defect =>
  focalDefect(family, id, 'Claim', ['claim-request', 'priorauth-request'], apply);

/** A kind on the focal ClaimResponse of a claim or prior-authorization response. */
export const claimResponseDefect = (id: string, apply: (response: any, bundle: any) => Found): Defect =>
  focalDefect('response', id, 'ClaimResponse', ['claim-response', 'priorauth-response'], apply);

/**
 * A kind that breaks each entry of `type` in turn (one message each); `apply` as for focalDefect.
 * Keyed by the profile the entry declares: each profile's resources are broken once, in the
 * first sample that has one.
 */
export function entryDefect(family: string, id: string, type: string, apply: (resource: any, bundle: any, index: number) => Found): Defect {
  return {
    id,
    family,
    breakages(message) {
      const found: Breakage[] = [];
      message.entry.forEach((entry: any, i: number) => {
        if (entry.resource?.resourceType !== type) return;
        found.push(keyed(String(entry.resource.meta?.profile?.[0]), (bundle) => {
          const result = apply(bundle.entry[i].resource, bundle, i);
          return result && { code: result[0], expression: at(i, result[1] || undefined) };
        }));
      });
      return found;
    },
  };
}

/** The index of the first element of `list` that `test` accepts, or -1 (a missing list counts as empty). */
export const indexOf = (list: any, test: (x: any) => boolean): number => (Array.isArray(list) ? list.findIndex(test) : -1);

/** The index of the first supportingInfo of `category`, or -1. */
export const infoIndex = (claim: any, category: string): number => indexOf(claim.supportingInfo, (s: any) => code(s.category) === category);

/** `n` characters of text. */
export const text = (n: number): string => 'x'.repeat(n);
