/** The shape of a payer policy once read and checked (`policy-parse.ts`); README, "Reference payer". */

export type Verdict = 'approve' | 'reject';

/** Every condition of a rule must hold for the rule to decide; an empty `when` always holds. */
export interface Conditions {
  /** Claim.type code in the list. */
  readonly claimType?: readonly string[];
  /** Any item's productOrService code in the list (a listed code ending in `*` matches by prefix). */
  readonly service?: readonly string[];
  /** No item's productOrService code in the list. */
  readonly serviceNotIn?: readonly string[];
  /** Any diagnosis code in the list (`*` suffix: prefix; the dot of ICD-10 is ignored). */
  readonly diagnosis?: readonly string[];
  /** No diagnosis code in the list. */
  readonly diagnosisNotIn?: readonly string[];
  /** Claim.total.value strictly above / below. */
  readonly netAbove?: number;
  readonly netBelow?: number;
  /** Any item's quantity strictly above. */
  readonly quantityAbove?: number;
  /** Patient's whole years at Claim.created strictly under / above; no birth date: the condition fails. */
  readonly ageUnder?: number;
  readonly ageAbove?: number;
  /** Patient.gender in the list. */
  readonly gender?: readonly string[];
  /** MessageHeader.sender licence in the list. */
  readonly provider?: readonly string[];
  /** At least one listed supportingInfo category is carried by no supportingInfo. */
  readonly supportingInfoMissing?: readonly string[];
}

export interface PolicyRule {
  readonly when: Conditions;
  readonly decision: Verdict;
  /** NPHIES adjudication reason code; required for a rejection. */
  readonly reason?: string;
}

export interface Policy {
  readonly default: Verdict;
  /** The reason of a default rejection. */
  readonly defaultReason?: string;
  /** Share of decisions flipped (0..1). */
  readonly noise: number;
  /** The reason given when noise turns an approval into a rejection (default MN-1-1). */
  readonly noiseReason: string;
  readonly seed: number;
  readonly rules: readonly PolicyRule[];
  /** English display of each reason code the policy uses (from the NPHIES table), for the answers. */
  readonly displays: Readonly<Record<string, string>>;
}

export interface Decision {
  readonly decision: Verdict;
  /** NPHIES adjudication reason code of a rejection. */
  readonly reason?: string;
  /** The reason code's display, as the NPHIES table gives it. */
  readonly reasonDisplay?: string;
  /** The rule that decided (index in `rules`); absent when the default did. */
  readonly ruleIndex?: number;
  /** Noise flipped what the rules decided. */
  readonly flipped?: boolean;
}
