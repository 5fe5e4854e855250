/**
 * Rules on how a Claim points at earlier answers (eligibility and prior-authorization responses)
 * that can be decided from the claim itself.
 */
import type { Rule } from '../../../rule.js';
import { each, extensionNamed, isPresent, resourceRule } from './support.js';

/** BV-00379 "Only one of Claim.extension.eligiblityResponse or Claim.extension.eligiblityOffLine SHALL be present". */
export const BV_00379 = resourceRule('BV-00379', ['Claim'], (c, report) => {
  const online = extensionNamed(c, 'extension-eligibility-response');
  const offline = extensionNamed(c, 'extension-eligibility-offline-reference');
  if (online && offline) report(`extension[${Math.max(online.i, offline.i)}]`, 'eligibilityResponse and eligibilityOffLine are exclusive');
});

/** BV-00449 "If Claim.extension.priorauthResponse is used then Claim.insurance.preAuthRef SHALL be present". */
export const BV_00449 = resourceRule('BV-00449', ['Claim'], (c, report) => {
  if (!extensionNamed(c, 'extension-priorauth-response')) return;
  const insurance = each(c.insurance);
  const focal = insurance.find(({ node }) => node.focal === true) ?? insurance[0];
  if (focal && !insurance.some(({ node }) => isPresent(node.preAuthRef))) report(`insurance[${focal.i}].preAuthRef`, 'a claim citing a prior authorization gives its preAuthRef');
});

export const CLAIM_LINK_RULES: readonly Rule[] = [BV_00379, BV_00449];
