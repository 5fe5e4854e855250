/**
 * ClaimResponse rules decidable from the answer alone (claim and prior-authorization responses):
 * outcome and items, adjudication outcomes, preAuthRef/preAuthPeriod, totals, currencies.
 * Rules that compare with the original Claim (BV-00019, BV-00046, BV-00072, ...) need the
 * earlier request and are listed in schemas/rules/not-decidable/responses.json.
 */
import { asObject, asString, firstCode, type JsonObject } from '../../../../fhir/json.js';
import { GENERATED_TAG } from '../../../../fhir/identity.js';
import type { Rule } from '../../../rule.js';
import { adjudicationOutcome, categoryOf, cents, each, extensionNamed, isFuture, isPresent, resourceRule, tooLong, type Report } from './support.js';

const CR = ['ClaimResponse'];

function outcomeOf(r: JsonObject): string | undefined {
  return asString(r.outcome);
}

/** BV-00065 "ClaimResponse.created SHALL be on or before the date received" (the gateway's clock, ±15 minutes). */
export const BV_00065 = resourceRule('BV-00065', CR, (r, report, { context }) => {
  if (isFuture(r.created, context.now())) report('created', 'created is after the date received');
});

/** BV-00020 "ClaimResponse.item SHALL be required and not empty if ClaimResponse.outcome="complete"". */
export const BV_00020 = resourceRule('BV-00020', CR, (r, report) => {
  if (outcomeOf(r) === 'complete' && each(r.item).length === 0) report('item', 'a complete ClaimResponse needs items');
});

/** BV-00255 "ClaimResponse SHALL contain ClaimResponse.item element(s) if ClaimResponse.outcome="complete' or "partial"". */
export const BV_00255 = resourceRule('BV-00255', CR, (r, report) => {
  const outcome = outcomeOf(r);
  if ((outcome === 'complete' || outcome === 'partial') && each(r.item).length === 0) report('item', `a ${outcome} ClaimResponse needs items`);
});

/** BV-00228 "ClaimResponse SHALL not contain any ClaimResponse.item elements if ClaimResponse.outcome = "error" or "queued"". */
export const BV_00228 = resourceRule('BV-00228', CR, (r, report) => {
  const outcome = outcomeOf(r);
  if ((outcome === 'error' || outcome === 'queued') && isPresent(r.item)) report('item', `a ${outcome} ClaimResponse has no items`);
});

/** BV-00022 "ClaimResponse.total SHALL be required if Claim.use=Claim and ClaimResponse.outcome="complete"". */
export const BV_00022 = resourceRule('BV-00022', CR, (r, report) => {
  if (r.use === 'claim' && outcomeOf(r) === 'complete' && !isPresent(r.total)) report('total', 'a complete claim response needs total');
});

/**
 * BV-00023 "When Claim.use is either "preauthorization" or "claim" and ClaimResponse.outcome is
 * not equal to "error" then ClaimResponse.total SHALL be provided". The response's own use is the
 * claim's use (BV-00073).
 */
export const BV_00023 = resourceRule('BV-00023', CR, (r, report) => {
  if ((r.use === 'claim' || r.use === 'preauthorization') && outcomeOf(r) !== 'error' && !isPresent(r.total)) report('total', 'ClaimResponse.total is required unless the outcome is error');
});

/** BV-00229 "ClaimResponse.total.amount.currency SHALL be "SAR"". */
export const BV_00229 = resourceRule('BV-00229', CR, (r, report) => {
  for (const { node, i } of each(r.total)) {
    const currency = asObject(node.amount)?.currency;
    if (currency !== undefined && currency !== 'SAR') report(`total[${i}].amount.currency`, 'currency must be SAR');
  }
});

/** BV-00458 "ClaimResponse.item.adjudication.amount currency SHALL be "SAR"". */
export const BV_00458 = resourceRule('BV-00458', CR, (r, report) => {
  for (const { node: item, i } of each(r.item)) {
    for (const { node: adj, i: j } of each(item.adjudication)) {
      const currency = asObject(adj.amount)?.currency;
      if (currency !== undefined && currency !== 'SAR') report(`item[${i}].adjudication[${j}].amount.currency`, 'currency must be SAR');
    }
  }
});

function statusActive(id: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.status !== undefined && r.status !== 'active') report('status', 'ClaimResponse.status must be active');
  });
}
/** BV-00232 "ClaimResponse.status SHALL be "active"". */
export const BV_00232 = statusActive('BV-00232');
/** BV-00331 "ClaimResponse.status SHALL use the fixed value "active"". */
export const BV_00331 = statusActive('BV-00331');

function useFixed(id: string, use: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.use !== undefined && r.use !== use) report('use', `ClaimResponse.use must be ${use}`);
  });
}
/** BV-00332 "In the priorauthorization profile the ClaimResponse.use SHALL use the fixed value "preauthorization"" (priorauth-response). */
export const BV_00332 = useFixed('BV-00332', 'preauthorization');
/** BV-00333 "In the claim profile the ClaimResponse.use SHALL use the fixed value "claim"" (claim-response). */
export const BV_00333 = useFixed('BV-00333', 'claim');
/** BV-00334 "ClaimResponse.use SHALL use the fixed value "claim"" (claim-response). */
export const BV_00334 = useFixed('BV-00334', 'claim');

/** BV-00250 "ClaimResponse.extension.adjudication-outcome SHALL be provided if ClaimResponse.outcome="complete"". */
export const BV_00250 = resourceRule('BV-00250', CR, (r, report) => {
  if (outcomeOf(r) === 'complete' && !adjudicationOutcome(r)) report('extension', 'a complete ClaimResponse needs extension-adjudication-outcome');
});

const FINAL_OUTCOMES = ['approved', 'partial', 'rejected', 'not-required'];

/** BV-00463 "ClaimResponse.extension.adjudication-outcome SHALL be one of ("approved", "partial", "rejected", "not-required") when ClaimResponse.outcome="complete"". */
export const BV_00463 = resourceRule('BV-00463', CR, (r, report) => {
  const found = adjudicationOutcome(r);
  if (outcomeOf(r) === 'complete' && found && !FINAL_OUTCOMES.includes(found.code ?? '')) report(found.path, `adjudication-outcome ${String(found.code)} is not final`);
});

/** BV-00480 "ClaimResponse.item.extension.adjudication-outcome SHALL be provided if ClaimResponse.outcome="complete"". */
export const BV_00480 = resourceRule('BV-00480', CR, (r, report) => {
  if (outcomeOf(r) !== 'complete') return;
  for (const { node: item, i } of each(r.item)) if (!adjudicationOutcome(item)) report(`item[${i}].extension`, 'each item of a complete ClaimResponse needs adjudication-outcome');
});

/** BV-00371 "ClaimResponse.item.extension.adjudication-outcome SHALL be one of ("approved", "partial", "rejected", "not-required") when ClaimResponse.outcome="complete"". */
export const BV_00371 = resourceRule('BV-00371', CR, (r, report) => {
  if (outcomeOf(r) !== 'complete') return;
  for (const { node: item, i } of each(r.item)) {
    const found = adjudicationOutcome(item);
    if (found && !FINAL_OUTCOMES.includes(found.code ?? '')) report(`item[${i}].${found.path}`, `item adjudication-outcome ${String(found.code)} is not final`);
  }
});

/** Item adjudication outcomes, when every item carries one. */
function itemOutcomes(r: JsonObject): string[] | undefined {
  const items = each(r.item);
  const codes = items.map(({ node }) => adjudicationOutcome(node)?.code);
  return items.length > 0 && codes.every((c): c is string => c !== undefined) ? codes : undefined;
}

function impliedOutcome(id: string, implied: (codes: string[]) => string | undefined): Rule {
  return resourceRule(id, CR, (r, report) => {
    const codes = itemOutcomes(r);
    const header = adjudicationOutcome(r);
    const expected = codes ? implied(codes) : undefined;
    if (expected && header && header.code !== expected) report(header.path, `the items' outcomes make the ClaimResponse ${expected}`);
  });
}
/** BV-00393 "If every ClaimResponse.item.extension.adjudication-outcome="approved" then ClaimResponse.extension.adjudication-outcome SHALL be "approved"". */
export const BV_00393 = impliedOutcome('BV-00393', (codes) => (codes.every((c) => c === 'approved') ? 'approved' : undefined));
/** BV-00394 "If every ClaimResponse.item.extension.adjudication-outcome="rejected" then ClaimResponse.extension.adjudication-outcome SHALL be "rejected"". */
export const BV_00394 = impliedOutcome('BV-00394', (codes) => (codes.every((c) => c === 'rejected') ? 'rejected' : undefined));
/**
 * BV-00397 "ClaimResponse.extension.adjudication-outcome SHALL be "partial" for a ClaimResponse.item
 * when its associated ClaimResponse.item.extension.adjudication-outcome = "partial" or is a mix
 * between any combination of "approved", "rejected" and "partial"". Items "not-required" do not count.
 */
export const BV_00397 = impliedOutcome('BV-00397', (codes) => {
  const decided = new Set(codes.filter((c) => c === 'approved' || c === 'rejected' || c === 'partial'));
  return decided.has('partial') || decided.size > 1 ? 'partial' : undefined;
});

/** BV-00395 "If ClaimResponse.outcome="queued" then ClaimResponse.extension.adjudication-outcome="pended"". */
export const BV_00395 = resourceRule('BV-00395', CR, (r, report) => {
  if (outcomeOf(r) !== 'queued') return;
  const found = adjudicationOutcome(r);
  if (!found) report('extension', 'a queued ClaimResponse needs adjudication-outcome pended');
  else if (found.code !== 'pended') report(found.path, 'a queued ClaimResponse has adjudication-outcome pended');
});

/** BV-00396 "If ClaimResponse.outcome="error" then ClaimResponse.extension.adjudication-outcome SHALL NOT be included". */
export const BV_00396 = resourceRule('BV-00396', CR, (r, report) => {
  const found = extensionNamed(r, 'extension-adjudication-outcome');
  if (outcomeOf(r) === 'error' && found) report(`extension[${found.i}]`, 'an error ClaimResponse carries no adjudication-outcome');
});

/** BV-00505 "ClaimResponse.error SHALL be provided when ClaimResponse.outcome="error"". */
export const BV_00505 = resourceRule('BV-00505', CR, (r, report) => {
  if (outcomeOf(r) === 'error' && !isPresent(r.error)) report('error', 'an error ClaimResponse lists its errors');
});

/**
 * BV-00386 "ClaimResponse.preAuthRef SHALL exist if the ClaimResponse.outcome = "complete" and
 * ClaimResponse.use = "preauthorization or When the MessageHeader.eventCoding="prescriber-response"".
 */
export const BV_00386 = resourceRule('BV-00386', CR, (r, report) => {
  if (r.use === 'preauthorization' && outcomeOf(r) === 'complete' && !isPresent(r.preAuthRef)) report('preAuthRef', 'a complete prior authorization needs preAuthRef');
});

/**
 * BV-00387 "ClaimResponse.preAuthPeriod SHALL exist if ClaimResponse.extension.adjudication-outcome
 * is "approved" or "partial" and Claim.use="preauthorization" or "predetermination"".
 */
export const BV_00387 = resourceRule('BV-00387', CR, (r, report) => {
  const code = adjudicationOutcome(r)?.code;
  if ((r.use === 'preauthorization' || r.use === 'predetermination') && (code === 'approved' || code === 'partial') && !isPresent(r.preAuthPeriod)) {
    report('preAuthPeriod', `an ${code} prior authorization needs preAuthPeriod`);
  }
});

/**
 * BV-00390 "When ClaimResponse.use is either "preauthorization" or "claim" and ClaimResponse.outcome="complete"
 * then for each ClaimResponse.item, one ClaimResponse.item.adjudication.category with value "benefit"
 * SHALL exist and the associated ClaimResponse.item.adjudication.amount SHALL be provided".
 */
export const BV_00390 = resourceRule('BV-00390', CR, (r, report) => {
  if ((r.use !== 'preauthorization' && r.use !== 'claim') || outcomeOf(r) !== 'complete') return;
  for (const { node: item, i } of each(r.item)) {
    const benefit = each(item.adjudication).find(({ node }) => categoryOf(node) === 'benefit');
    if (!benefit) report(`item[${i}].adjudication`, 'each item needs a benefit adjudication');
    else if (!isPresent(benefit.node.amount)) report(`item[${i}].adjudication[${benefit.i}].amount`, 'the benefit adjudication needs an amount');
  }
});

/** BV-00391 "For each ClaimResponse.item each instance of ClaimResponse.item.adjudication.category SHALL be unique". */
export const BV_00391 = resourceRule('BV-00391', CR, (r, report) => {
  for (const { node: item, i } of each(r.item)) {
    const seen = new Set<string>();
    for (const { node: adj, i: j } of each(item.adjudication)) {
      const code = categoryOf(adj);
      if (code === undefined) continue;
      if (seen.has(code)) report(`item[${i}].adjudication[${j}].category`, `adjudication category ${code} repeats in the item`);
      seen.add(code);
    }
  }
});

/**
 * BV-00392 "ClaimResponse.item.adjudication.reason SHALL be provided when ClaimResponse.extension.adjudication-outcome
 * is either "rejected" or "partial"". Read per item, as the element says: an item adjudicated
 * rejected or partial gives its reason (the official sample 2b, partial overall, has an approved
 * item without one).
 */
export const BV_00392 = resourceRule('BV-00392', CR, (r, report) => {
  for (const { node: item, i } of each(r.item)) {
    const code = adjudicationOutcome(item)?.code;
    if (code !== 'rejected' && code !== 'partial') continue;
    if (!each(item.adjudication).some(({ node }) => isPresent(node.reason))) report(`item[${i}].adjudication`, `an item adjudicated ${code} needs an adjudication reason`);
  }
});

function itemCategoryRequired(id: string, use: string, category: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.use !== use || outcomeOf(r) !== 'complete') return;
    for (const { node: item, i } of each(r.item)) {
      if (!each(item.adjudication).some(({ node }) => categoryOf(node) === category)) report(`item[${i}].adjudication`, `each item needs a ${category} adjudication`);
    }
  });
}
/** BV-00497 "ClaimResponse.item.adjudication.category="tax" SHALL be present when ClaimResponse.outcome="complete" and ClaimResponse.use="claim"". */
export const BV_00497 = itemCategoryRequired('BV-00497', 'claim', 'tax');
/** BV-00498 "ClaimResponse.item.adjudication.category="approved-quantity" SHALL be present when ClaimResponse.outcome="complete" and ClaimResponse.use="claim"". */
export const BV_00498 = itemCategoryRequired('BV-00498', 'claim', 'approved-quantity');
/** BV-00499 "ClaimResponse.item.adjudication.category="approved-quantity" SHALL be present if ClaimResponse.outcome="complete" and ClaimResponse.use="preauthorization"". */
export const BV_00499 = itemCategoryRequired('BV-00499', 'preauthorization', 'approved-quantity');

/**
 * BV-00519 "When ClaimResponse.item.adjudication.category.coding.code = "approved-quantity" or
 * "approved-duration" then only ClaimResponse.item.adjudication.value SHALL exist".
 */
export const BV_00519 = resourceRule('BV-00519', CR, (r, report) => {
  for (const { node: item, i } of each(r.item)) {
    for (const { node: adj, i: j } of each(item.adjudication)) {
      const code = categoryOf(adj);
      if (code !== 'approved-quantity' && code !== 'approved-duration') continue;
      if (isPresent(adj.amount)) report(`item[${i}].adjudication[${j}].amount`, `${code} is given as a value, not an amount`);
      else if (!isPresent(adj.value)) report(`item[${i}].adjudication[${j}]`, `${code} needs a value`);
    }
  }
});

/**
 * BV-00450 "When the ClaimResponse.adjudication.category="eligible" then the ClaimResponse.adjudication.amount
 * SHALL be less than or equal to the ClaimResponse.adjudication.amount where ClaimResponse.adjudication.category="submitted"".
 * Checked on the ClaimResponse's own adjudication and on each item's.
 */
export const BV_00450 = resourceRule('BV-00450', CR, (r, report) => {
  const check = (adjudication: unknown, at: string): void => {
    const list = each(adjudication);
    const submitted = list.find(({ node }) => categoryOf(node) === 'submitted');
    const eligible = list.find(({ node }) => categoryOf(node) === 'eligible');
    const s = cents(asObject(submitted?.node.amount)?.value);
    const e = cents(asObject(eligible?.node.amount)?.value);
    if (eligible && s !== undefined && e !== undefined && e > s) report(`${at}adjudication[${eligible.i}].amount`, 'eligible exceeds submitted');
  };
  check(r.adjudication, '');
  for (const { node: item, i } of each(r.item)) check(item.adjudication, `item[${i}].`);
});

function uniqueValues(values: { value: unknown; at: string }[], report: Report, what: string): void {
  const seen = new Set<unknown>();
  for (const { value, at } of values) {
    if (value === undefined) continue;
    if (seen.has(value)) report(at, `${what} ${String(value)} repeats`);
    seen.add(value);
  }
}

function itemSequenceUnique(id: string, use: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.use !== use) return;
    uniqueValues(each(r.item).map(({ node, i }) => ({ value: node.itemSequence, at: `item[${i}].itemSequence` })), report, 'itemSequence');
  });
}
/** BV-00045 "ClaimResponse - itemSequence in the claim response SHALL be unique within the claim response". */
export const BV_00045 = itemSequenceUnique('BV-00045', 'claim');
/** BV-00119 "Authorization Response - itemSequence in the claim response SHALL be unique within the claim response". */
export const BV_00119 = itemSequenceUnique('BV-00119', 'preauthorization');

function detailSequenceUnique(id: string, use: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.use !== use) return;
    for (const { node: item, i } of each(r.item)) {
      uniqueValues(each(item.detail).map(({ node, i: j }) => ({ value: node.detailSequence, at: `item[${i}].detail[${j}].detailSequence` })), report, 'detailSequence');
    }
  });
}
/** BV-00025 "ClaimResponse - detailSequence in the claim response SHALL be unique within the claim response.item". */
export const BV_00025 = detailSequenceUnique('BV-00025', 'claim');
/** BV-00114 "Authorization Response - detailSequence in the claim response SHALL be unique within the claim response.item". */
export const BV_00114 = detailSequenceUnique('BV-00114', 'preauthorization');

function subDetailSequenceUnique(id: string, use: string): Rule {
  return resourceRule(id, CR, (r, report) => {
    if (r.use !== use) return;
    for (const { node: item, i } of each(r.item)) {
      for (const { node: detail, i: j } of each(item.detail)) {
        uniqueValues(
          each(detail.subDetail).map(({ node, i: k }) => ({ value: node.subDetailSequence, at: `item[${i}].detail[${j}].subDetail[${k}].subDetailSequence` })),
          report,
          'subDetailSequence',
        );
      }
    }
  });
}
/** BV-00069 "ClaimResponse - subdetailSequence in the claim response SHALL be unique within the claim response.item.detail". */
export const BV_00069 = subDetailSequenceUnique('BV-00069', 'claim');
/** BV-00124 "Authorization Response - subdetailSequence in the claim response SHALL be unique within the claim response.item.detail". */
export const BV_00124 = subDetailSequenceUnique('BV-00124', 'preauthorization');

/** The noteNumber lists at one level of the item tree. */
function noteNumbers(r: JsonObject, level: 'item' | 'detail' | 'subDetail'): { numbers: unknown[]; at: string }[] {
  const out: { numbers: unknown[]; at: string }[] = [];
  for (const { node: item, i } of each(r.item)) {
    if (level === 'item') out.push({ numbers: Array.isArray(item.noteNumber) ? item.noteNumber : [], at: `item[${i}].noteNumber` });
    for (const { node: detail, i: j } of each(item.detail)) {
      if (level === 'detail') out.push({ numbers: Array.isArray(detail.noteNumber) ? detail.noteNumber : [], at: `item[${i}].detail[${j}].noteNumber` });
      for (const { node: sub, i: k } of each(detail.subDetail)) {
        if (level === 'subDetail') out.push({ numbers: Array.isArray(sub.noteNumber) ? sub.noteNumber : [], at: `item[${i}].detail[${j}].subDetail[${k}].noteNumber` });
      }
    }
  }
  return out;
}

function noteNumberUnique(id: string, level: 'item' | 'detail' | 'subDetail'): Rule {
  return resourceRule(id, CR, (r, report) => {
    for (const { numbers, at } of noteNumbers(r, level)) uniqueValues(numbers.map((value, n) => ({ value, at: `${at}[${n}]` })), report, 'noteNumber');
  });
}
/** BV-00521 "ClaimResponse.item.noteNumber SHALL be unique within the item array". */
export const BV_00521 = noteNumberUnique('BV-00521', 'item');
/** BV-00522 "ClaimResponse.item.detail.noteNumber SHALL be unique within the item array". */
export const BV_00522 = noteNumberUnique('BV-00522', 'detail');
/** BV-00523 "ClaimResponse.item.detail.subDetail.noteNumber SHALL be unique within the item array". */
export const BV_00523 = noteNumberUnique('BV-00523', 'subDetail');

function noteNumberExists(id: string, level: 'item' | 'detail' | 'subDetail'): Rule {
  return resourceRule(id, CR, (r, report) => {
    const known = new Set(each(r.processNote).map(({ node }) => node.number));
    for (const { numbers, at } of noteNumbers(r, level)) {
      numbers.forEach((value, n) => {
        if (!known.has(value)) report(`${at}[${n}]`, `no processNote number ${String(value)}`);
      });
    }
  });
}
/** BV-00520 "ClaimResponse.item.noteNumber SHALL refer to an exisiting ClaimResponse.processNote.number within the same resource". */
export const BV_00520 = noteNumberExists('BV-00520', 'item');
/** BV-00528 "ClaimResponse.item.detail.noteNumber SHALL refer to an exisiting ClaimResponse.processNote.number within the same resource". */
export const BV_00528 = noteNumberExists('BV-00528', 'detail');
/** BV-00529 "ClaimResponse.item.detail.subDetail.noteNumber SHALL refer to an exisiting ClaimResponse.processNote.number within the same resource". */
export const BV_00529 = noteNumberExists('BV-00529', 'subDetail');

/** BV-00524 "ClaimResponse.processNote.number SHALL be unique within the processNote array". */
export const BV_00524 = resourceRule('BV-00524', CR, (r, report) => {
  uniqueValues(each(r.processNote).map(({ node, i }) => ({ value: node.number, at: `processNote[${i}].number` })), report, 'processNote number');
});

/** BV-00317 "ClaimResponse.disposition SHALL have maximum length of 250 characters". */
export const BV_00317 = resourceRule('BV-00317', CR, (r, report) => {
  if (tooLong(r.disposition, 250)) report('disposition', 'longer than 250 characters');
});

/** BV-00318 "ClaimResponse.processNote.text SHALL have maximum length of 2000 English characters and 1000 Arabic characters". */
export const BV_00318 = resourceRule('BV-00318', CR, (r, report) => {
  for (const { node, i } of each(r.processNote)) if (tooLong(node.text, 2000, 1000)) report(`processNote[${i}].text`, 'longer than 2000 (Arabic: 1000) characters');
});

/** BV-00098 "The authorization,prescriber or claim response SHALL contain the identifier of the authorization, prescriber or claim request". */
export const BV_00098 = resourceRule('BV-00098', CR, (r, report) => {
  const identifier = asObject(asObject(r.request)?.identifier);
  if (!isPresent(asString(identifier?.value))) report('request', 'ClaimResponse.request.identifier names the request answered');
});

/** BV-00853 "ClaimResponse.insurance shall be provided when ClaimResponse.outcome = "compelete" when ClaimResponse.use="claim" or "preauthorization"". */
export const BV_00853 = resourceRule('BV-00853', CR, (r, report) => {
  if ((r.use === 'claim' || r.use === 'preauthorization') && outcomeOf(r) === 'complete' && !isPresent(r.insurance)) report('insurance', 'a complete ClaimResponse names its insurance');
});

/**
 * BV-00854 "if ClaimResponse.insurance exists then one and only one ClaimResponse.insurance.focal= "true"
 * shall be provided when ClaimResponse.use="claim" or "preauthorization"".
 */
export const BV_00854 = resourceRule('BV-00854', CR, (r, report) => {
  if (r.use !== 'claim' && r.use !== 'preauthorization') return;
  const insurance = each(r.insurance);
  if (insurance.length > 0 && insurance.filter(({ node }) => node.focal === true).length !== 1) report('insurance', 'exactly one insurance is focal');
});

function subtypeForType(id: string, type: string, allowed: readonly string[]): Rule {
  return resourceRule(id, CR, (r, report) => {
    const subtype = firstCode(r.subType);
    if (firstCode(r.type) === type && subtype !== undefined && !allowed.includes(subtype)) report('subType.coding[0].code', `type ${type} allows subType ${allowed.join(' or ')}`);
  });
}
/** BV-00799 "ClaimResponse.subtype SHALL be "OP" or "EMR" when ClaimResponse.type="Professional"". */
export const BV_00799 = subtypeForType('BV-00799', 'professional', ['op', 'emr']);
/** BV-00800 "ClaimResponse.subtype SHALL be "IP" when ClaimResponse.type="Institutional"". */
export const BV_00800 = subtypeForType('BV-00800', 'institutional', ['ip']);
/** BV-00609 "ClaimResponse.subtype SHALL be "OP" when ClaimResponse.type="oral"". */
export const BV_00609 = subtypeForType('BV-00609', 'oral', ['op']);
/** BV-00610 "ClaimResponse.subtype SHALL be "OP" when ClaimResponse.type="Vision"". */
export const BV_00610 = subtypeForType('BV-00610', 'vision', ['op']);
/** BV-00611 "ClaimResponse.subtype SHALL be "OP" when ClaimResponse.type="Pharmacy"". */
export const BV_00611 = subtypeForType('BV-00611', 'pharmacy', ['op']);

/** The named resource must carry a name: the finding points at the referenced entry's `name`. */
function transferProviderNamed(id: string, type: 'Practitioner' | 'Organization'): Rule {
  return resourceRule(id, CR, (r, _report, scope) => {
    const found = extensionNamed(r, 'extension-transferAuthorizationProvider');
    const literal = asString(asObject(found?.ext.valueReference)?.reference);
    const entry = literal === undefined ? undefined : scope.entries().resolve(literal);
    if (entry?.resource?.resourceType === type && !isPresent(entry.resource.name)) scope.reportEntry(entry.index, 'name', `the transfer ${type} has no name`);
  });
}
/** BV-00551 "If ClaimResponse.extension.transferAuthorizationProvider is supplied and referring to a Practitioner resource instance in the message then Practitioner.name SHALL be provided". */
export const BV_00551 = transferProviderNamed('BV-00551', 'Practitioner');
/** BV-00552 "If ClaimResponse.extension.transferAuthorizationProvider is supplied and referring to a Organization resource instance in the message then Organization.name SHALL be provided". */
export const BV_00552 = transferProviderNamed('BV-00552', 'Organization');

/** BV-00492 "The Claim.payee.type and the ClaimResponse.payeeType SHALL be one of ("provider", "other")" (the response side). */
export const BV_00492 = resourceRule('BV-00492', CR, (r, report) => {
  const code = firstCode(r.payeeType);
  if (code !== undefined && code !== 'provider' && code !== 'other') report('payeeType.coding[0].code', 'payeeType is provider or other');
});

/**
 * BV-00246 "AuthorizationResponse.item SHALL NOT be provided if AuthorizationResponse message is generated by NPHIES".
 * NPHIES marks what it generates with the meta tag "NPHIES generated" (see the sandbox errors.json answer).
 */
export const BV_00246 = resourceRule('BV-00246', CR, (r, report) => {
  const generated = each(asObject(r.meta)?.tag).some(({ node }) => node.code === GENERATED_TAG.code);
  if (generated && r.use === 'preauthorization' && isPresent(r.item)) report('item', 'a NPHIES-generated authorization response has no items');
});

export const CLAIM_RESPONSE_RULES: readonly Rule[] = [
  BV_00065, BV_00492, BV_00246,
  BV_00020, BV_00255, BV_00228, BV_00022, BV_00023, BV_00229, BV_00458, BV_00232, BV_00331, BV_00332, BV_00333, BV_00334,
  BV_00250, BV_00463, BV_00480, BV_00371, BV_00393, BV_00394, BV_00397, BV_00395, BV_00396, BV_00505, BV_00386, BV_00387,
  BV_00390, BV_00391, BV_00392, BV_00497, BV_00498, BV_00499, BV_00519, BV_00450, BV_00045, BV_00119, BV_00025, BV_00114,
  BV_00069, BV_00124, BV_00521, BV_00522, BV_00523, BV_00520, BV_00528, BV_00529, BV_00524, BV_00317, BV_00318, BV_00098,
  BV_00853, BV_00854, BV_00799, BV_00800, BV_00609, BV_00610, BV_00611, BV_00551, BV_00552,
];
