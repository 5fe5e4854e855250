/**
 * The FHIR R4 resources the gateway appends to a prior authorization or claim for its payer (issue
 * 14, item 1): one RiskAssessment (the predicted probability of approval, the model and its
 * version, the main reasons coded from NPHIES's adjudication-reason list with their contributions)
 * and one DetectedIssue per duplicate or FWA finding. Both are tagged as made by the gateway, and
 * each entry has its own `urn:uuid:` fullUrl.
 */
import { randomUUID } from 'node:crypto';
import type { ApprovalScore } from './approval/scorer.js';
import type { ClaimFacts } from './claim-facts.js';
import type { FwaCodeSystem } from './fwa-code-system.js';
import type { Detection } from './fwa/family.js';

export const GATEWAY_TAG = { system: 'https://wasl.dev/fhir/CodeSystem/gateway-tags', code: 'gateway-generated', display: 'Made by the Wasl gateway' } as const;
export const ADJUDICATION_REASON_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/adjudication-reason';
export const RISK_MODEL_SYSTEM = 'https://wasl.dev/fhir/CodeSystem/risk-model';
export const RISK_OUTCOME_SYSTEM = 'https://wasl.dev/fhir/CodeSystem/risk-outcome';
export const CONTRIBUTION_EXTENSION = 'https://wasl.dev/fhir/StructureDefinition/risk-reason-contribution';
export const FEATURE_EXTENSION = 'https://wasl.dev/fhir/StructureDefinition/risk-reason-feature';

const NPHIES_REASON = /^(AD|CV|MN|SE|BE)-\d+-\d+$/;

export interface ResourceContext {
  /** When the gateway made them (ISO 8601). */
  readonly at: string;
  /** The gateway's base URL: an earlier message is named by its archive address, which its payer can read. */
  readonly baseUrl: string;
  readonly codes: FwaCodeSystem;
}

function entry(resource: Record<string, unknown>): Record<string, unknown> {
  const id = randomUUID();
  return { fullUrl: `urn:uuid:${id}`, resource: { ...resource, id } };
}

export function riskAssessmentEntry(facts: ClaimFacts, score: ApprovalScore, ctx: ResourceContext): Record<string, unknown> {
  const reasonCode = score.reasons.map((r) => ({
    extension: [
      { url: CONTRIBUTION_EXTENSION, valueDecimal: r.contribution },
      { url: FEATURE_EXTENSION, valueString: r.feature },
    ],
    // Coded when the model's reason is an NPHIES adjudication reason; the feature's name otherwise.
    ...(NPHIES_REASON.test(r.code) ? { coding: [{ system: ADJUDICATION_REASON_SYSTEM, code: r.code, ...(r.display !== undefined ? { display: r.display } : {}) }] } : {}),
    text: r.display ?? r.feature,
  }));
  return entry({
    resourceType: 'RiskAssessment',
    meta: { tag: [GATEWAY_TAG] },
    status: 'final',
    method: { coding: [{ system: RISK_MODEL_SYSTEM, code: score.modelId, version: score.modelVersion }], text: `${score.modelId} version ${score.modelVersion}` },
    ...(facts.patientReference !== undefined ? { subject: { reference: facts.patientReference } } : {}),
    occurrenceDateTime: ctx.at,
    basis: [{ reference: facts.claimFullUrl }],
    prediction: [{ outcome: { coding: [{ system: RISK_OUTCOME_SYSTEM, code: 'approved', display: 'Approved as sent' }] }, probabilityDecimal: Math.round(score.probability * 10_000) / 10_000 }],
    ...(reasonCode.length ? { reasonCode } : {}),
  });
}

export function detectedIssueEntry(facts: ClaimFacts, found: Detection, recipient: string, ctx: ResourceContext): Record<string, unknown> {
  const earlier = found.earlier;
  // The earlier message is named only to the payer it was sent to: another payer's ids are not this one's to see.
  const earlierRef = earlier && earlier.recipient === recipient ? [{ reference: `${ctx.baseUrl}/messages/${earlier.bundleId}`, type: 'Bundle', display: `earlier message ${earlier.bundleId}` }] : [];
  return entry({
    resourceType: 'DetectedIssue',
    meta: { tag: [GATEWAY_TAG] },
    status: 'final',
    code: { coding: [{ system: ctx.codes.url, code: found.family, display: ctx.codes.display(found.family, 'en') }], text: ctx.codes.display(found.family, 'en') },
    severity: found.severity,
    ...(facts.patientReference !== undefined ? { patient: { reference: facts.patientReference } } : {}),
    identifiedDateTime: ctx.at,
    implicated: [{ reference: facts.claimFullUrl }, ...earlierRef],
    detail: found.detail,
  });
}
