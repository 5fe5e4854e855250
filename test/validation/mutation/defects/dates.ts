/** Date defects: dates after the gateway clock (beyond the 15-minute skew NPHIES allows), periods that end before they start, dates out of order. */
import { at, type Breakage, claimDefect, claimTarget, type Defect, entryDefect, extensionIndex, FUTURE, FUTURE_DATE, focalDefect } from './kit.js';

/** `ms` from now, in the ISO form FHIR uses (UTC). */
const fromNow = (ms: number): string => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every Period of the message (`period`, `…Period`) with a start and an end: one message each, the end a year before the start. */
const periodEndsBeforeStart: Defect = {
  id: 'period-ends-before-start',
  family: 'date',
  breakages(message) {
    const found: Breakage[] = [];
    const visit = (node: any, entry: number, path: string[]): void => {
      for (const [name, value] of Object.entries(node)) {
        const list = Array.isArray(value) ? value : [value];
        list.forEach((child, i) => {
          if (child === null || typeof child !== 'object' || child.resourceType === 'Bundle') return;
          const sub = [...path, `${name}${Array.isArray(value) ? `[${i}]` : ''}`];
          if ((name === 'period' || name.endsWith('Period')) && typeof child.start === 'string' && typeof child.end === 'string') {
            found.push((bundle) => {
              let target = bundle.entry[entry].resource;
              for (const part of sub) {
                const [, key, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
                target = index === undefined ? target[key!] : target[key!][Number(index)];
              }
              // A year earlier, in the same lexical form (date or dateTime).
              target.end = String(Number(target.start.slice(0, 4)) - 1) + target.start.slice(4);
              return { code: 'BV-00052', expression: at(entry, `${sub.join('.')}.end`) };
            });
          }
          visit(child, entry, sub);
        });
      }
    };
    message.entry.forEach((e: any, i: number) => e.resource?.resourceType !== 'Bundle' && visit(e.resource, i, []));
    return found;
  },
};

/** `created` (or another date) of a focal resource set in the future. */
const futureDate = (id: string, type: string, events: readonly string[] | undefined, element: string, rule: string, value = FUTURE): Defect =>
  focalDefect('date', id, type, events, (resource) => {
    if (resource[element] === undefined) return undefined;
    resource[element] = value;
    return [rule, element];
  });

export const DATE_DEFECTS: readonly Defect[] = [
  periodEndsBeforeStart,
  futureDate('claim-created-in-future', 'Claim', ['claim-request', 'priorauth-request'], 'created', 'BV-00064'),
  claimDefect('date', 'claim-created-beyond-clock-skew', (claim) => {
    // NPHIES allows a 15-minute skew between the sender's clock and its own: 20 minutes is past it.
    claim.created = fromNow(20 * 60_000);
    return ['BV-00064', 'created'];
  }),
  futureDate('eligibility-request-created-in-future', 'CoverageEligibilityRequest', undefined, 'created', 'BV-00062'),
  futureDate('claim-response-created-in-future', 'ClaimResponse', ['claim-response', 'priorauth-response'], 'created', 'BV-00065'),
  futureDate('eligibility-response-created-in-future', 'CoverageEligibilityResponse', undefined, 'created', 'BV-00063'),
  futureDate('task-authored-in-future', 'Task', undefined, 'authoredOn', 'BV-00867'),
  futureDate('task-last-modified-in-future', 'Task', undefined, 'lastModified', 'BV-00471'),
  futureDate('payment-date-in-future', 'PaymentNotice', undefined, 'paymentDate', 'BV-00358', FUTURE_DATE),
  futureDate('reconciliation-created-in-future', 'PaymentReconciliation', undefined, 'created', 'BV-00361'),
  entryDefect('date', 'patient-born-in-future', 'Patient', (patient) => {
    if (patient.birthDate === undefined) return undefined;
    patient.birthDate = FUTURE_DATE;
    return ['BV-00848', 'birthDate'];
  }),
  entryDefect('date', 'patient-born-before-1900', 'Patient', (patient) => {
    if (patient.birthDate === undefined) return undefined;
    patient.birthDate = '1899-12-31';
    return ['BV-00848', 'birthDate'];
  }),
  claimDefect('date', 'eligibility-offline-date-in-future', (claim) => {
    const k = extensionIndex(claim, 'extension-eligibility-offline-date');
    if (k < 0) return undefined;
    claim.extension[k].valueDateTime = FUTURE;
    return ['BV-00347', `extension[${k}].valueDateTime`];
  }),
  claimDefect('date', 'authorization-offline-date-in-future', (claim) => {
    const k = extensionIndex(claim, 'extension-authorization-offline-date');
    if (k < 0) return undefined;
    claim.extension[k].valueDateTime = FUTURE;
    return ['BV-00348', `extension[${k}].valueDateTime`];
  }),
  claimDefect('date', 'item-serviced-after-claim-created', (claim) => {
    const item = claim.item?.[0];
    if (claim.use !== 'claim' || typeof item?.servicedDate !== 'string' || typeof claim.created !== 'string') return undefined;
    item.servicedDate = String(Number(claim.created.slice(0, 4)) + 1) + claim.created.slice(4, 10);
    return ['BV-00061', 'item[0].servicedDate'];
  }),
  {
    id: 'prescription-written-after-claim-created',
    family: 'date',
    breakages: () => [
      (bundle) => {
        const prescription = claimTarget(bundle, (claim) => claim.prescription, 'VisionPrescription');
        if (!prescription?.[1].dateWritten) return undefined;
        prescription[1].dateWritten = FUTURE;
        return { code: 'BV-00461', expression: at(prescription[0], 'dateWritten') };
      },
    ],
  },
  claimDefect('date', 'eligibility-offline-date-missing', (claim) => {
    const reference = extensionIndex(claim, 'extension-eligibility-offline-reference');
    const date = extensionIndex(claim, 'extension-eligibility-offline-date');
    if (reference < 0 || date < 0) return undefined;
    claim.extension.splice(date, 1);
    return ['BV-00349', `extension[${extensionIndex(claim, 'extension-eligibility-offline-reference')}]`];
  }),
  focalDefect('date', 'eligibility-request-without-service-date', 'CoverageEligibilityRequest', undefined, (request) => {
    if (request.servicedDate === undefined && request.servicedPeriod === undefined) return undefined;
    delete request.servicedDate;
    delete request.servicedPeriod;
    // Reported at the request itself (neither element exists to point at).
    return ['BV-00437', ''];
  }),
];
