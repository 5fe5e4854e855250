/** Sequence defects: sequences used twice in a list, item pointers to sequences the claim does not have. */
import { claimDefect, claimResponseDefect, type Defect, indexOf } from './kit.js';

/** The list `element` of the Claim gets a second entry with the sequence of its first: reported at the repeat. */
const duplicateSequence = (id: string, element: string, rule: string): Defect =>
  claimDefect('sequence', id, (claim) => {
    const list = claim[element];
    if (!Array.isArray(list) || list.length === 0 || typeof list[0].sequence !== 'number') return undefined;
    if (list.length > 1) list[list.length - 1].sequence = list[0].sequence;
    else list.push(structuredClone(list[0]));
    return [rule, `${element}[${list.length - 1}].sequence`];
  });

/** The first item's pointer list gets a sequence no entry of the target list has. */
const danglingPointer = (id: string, pointer: string, rule: string): Defect =>
  claimDefect('sequence', id, (claim) => {
    const item = claim.item?.[0];
    if (!Array.isArray(item?.[pointer]) || item[pointer].length === 0) return undefined;
    item[pointer].push(99);
    return [rule, `item[0].${pointer}[${item[pointer].length - 1}]`];
  });

export const SEQUENCE_DEFECTS: readonly Defect[] = [
  duplicateSequence('care-team-sequence-repeated', 'careTeam', 'BV-00002'),
  duplicateSequence('item-sequence-repeated', 'item', 'BV-00044'),
  duplicateSequence('diagnosis-sequence-repeated', 'diagnosis', 'BV-00454'),
  duplicateSequence('supporting-info-sequence-repeated', 'supportingInfo', 'BV-00453'),
  danglingPointer('item-care-team-sequence-missing', 'careTeamSequence', 'BV-00442'),
  danglingPointer('item-diagnosis-sequence-missing', 'diagnosisSequence', 'BV-00444'),
  danglingPointer('item-information-sequence-missing', 'informationSequence', 'BV-00443'),
  claimDefect('sequence', 'item-information-sequence-repeated', (claim) => {
    const list = claim.item?.[0]?.informationSequence;
    if (!Array.isArray(list) || list.length === 0) return undefined;
    list.push(list[0]);
    return ['BV-00502', `item[0].informationSequence[${list.length - 1}]`];
  }),
  claimDefect('sequence', 'detail-sequence-repeated', (claim) => {
    const i = indexOf(claim.item, (item: any) => Array.isArray(item.detail) && item.detail.length > 0);
    if (i < 0) return undefined;
    const details = claim.item[i].detail;
    if (details.length > 1) details[details.length - 1].sequence = details[0].sequence;
    else details.push(structuredClone(details[0]));
    return ['BV-00042', `item[${i}].detail[${details.length - 1}].sequence`];
  }),
  claimResponseDefect('response-item-sequence-repeated', (r) => {
    if (!Array.isArray(r.item) || r.item.length === 0) return undefined;
    r.item.push(structuredClone(r.item[0]));
    return [r.use === 'claim' ? 'BV-00045' : 'BV-00119', `item[${r.item.length - 1}].itemSequence`];
  }),
  claimResponseDefect('response-adjudication-category-repeated', (r) => {
    const adjudication = r.item?.[0]?.adjudication;
    if (!Array.isArray(adjudication) || adjudication.length === 0) return undefined;
    adjudication.push(structuredClone(adjudication[0]));
    return ['BV-00391', `item[0].adjudication[${adjudication.length - 1}].category`];
  }),
  claimResponseDefect('response-process-note-number-repeated', (r) => {
    if (!Array.isArray(r.processNote) || r.processNote.length === 0) return undefined;
    r.processNote.push(structuredClone(r.processNote[0]));
    return ['BV-00524', `processNote[${r.processNote.length - 1}].number`];
  }),
  claimResponseDefect('response-item-note-number-missing', (r) => {
    if (!r.item?.[0]) return undefined;
    const notes = (r.item[0].noteNumber ??= []);
    notes.push(999);
    return ['BV-00520', `item[0].noteNumber[${notes.length - 1}]`];
  }),
];
