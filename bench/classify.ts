/**
 * What the gateway's HTTP answer says happened to a message, read from the answer itself:
 *   answered      the payer's own answer, inside the synchronous window (sender is the payer)
 *   queued        accepted; the payer had not answered in the window (outcome `queued`)
 *   timed-out     accepted real-time request the payer did not answer in time (GE-00012 only)
 *   acknowledged  accepted one-way message
 *   rejected      the gateway made an error answer (validation findings, BV-00542, ...)
 * Only counts leave this module: nothing of the message (patients, identifiers) is kept.
 */
export const OUTCOMES = ['answered', 'queued', 'timed-out', 'acknowledged', 'rejected', 'unreadable'] as const;
export type Outcome = (typeof OUTCOMES)[number] | `http-${number}`;

const ACCEPTED: ReadonlySet<Outcome> = new Set<Outcome>(['answered', 'queued', 'timed-out', 'acknowledged']);

export function isAccepted(outcome: Outcome): boolean {
  return ACCEPTED.has(outcome);
}

export function classifyAnswer(status: number, body: string, gatewayLicence: string): Outcome {
  if (status !== 200) return `http-${status}`;
  let bundle: any;
  try {
    bundle = JSON.parse(body);
  } catch {
    return 'unreadable';
  }
  const header = bundle?.entry?.[0]?.resource;
  if (header?.resourceType !== 'MessageHeader') return 'unreadable';
  if (header.sender?.identifier?.value !== gatewayLicence) return 'answered';

  const focusUrl = header.focus?.[0]?.reference;
  const focal = focusUrl === undefined ? undefined : bundle.entry.find((e: any) => e?.fullUrl === focusUrl)?.resource;
  const codes: string[] = [];
  for (const e of focal?.error ?? []) codes.push(e?.code?.coding?.[0]?.code);
  if (focal?.resourceType === 'Task') for (const o of focal.output ?? []) if (o?.valueCodeableConcept) codes.push(o.valueCodeableConcept.coding?.[0]?.code);
  if (header.response?.code === 'fatal-error') codes.push('fatal-error');
  if (codes.length > 0) return codes.every((c) => c === 'GE-00012') ? 'timed-out' : 'rejected';

  const queuedTag = (header.meta?.tag ?? []).some((t: any) => t?.code === 'queued');
  if (focal?.outcome === 'queued' || (focal?.resourceType === 'Task' && focal.status === 'in-progress') || queuedTag) return 'queued';
  return 'acknowledged';
}
