/**
 * A validation worker thread (issue 9, hardening: "validation in a worker pool so /healthz, polls and
 * other participants keep moving"). It compiles the same pipeline as the main thread, once, says
 * `ready`, then validates one message at a time: it parses the text itself, reads the envelope, looks
 * up the event and posts back the findings as plain values. Started by worker-pool.ts only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEnvelope } from '../fhir/message.js';
import type { Finding } from '../findings/finding.js';
import { buildValidation } from './build.js';
import type { PoolJob, WorkerData, WorkerReply } from './worker-pool.js';

const port = parentPort;
if (!port) throw new Error('validation-worker.ts runs as a worker thread of worker-pool.ts, not on its own');

const { build } = workerData as WorkerData;
const { validator, events } = buildValidation(build);

/** What the main thread's validator gives for this text; a text that is no known message is the caller's bug. */
function findingsOf(raw: string, eventCode: string): Finding[] {
  const read = readEnvelope(JSON.parse(raw));
  if (!read.ok) throw new Error(`the text is not a FHIR message (${read.problem.code}); validate only what readEnvelope accepted`);
  const event = events.get(eventCode);
  if (!event) throw new Error(`unknown event "${eventCode}"`);
  return validator.validate(read.envelope, event);
}

port.on('message', (job: PoolJob) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'findings', id: job.id, findings: findingsOf(job.raw, job.eventCode) };
  } catch (err) {
    // The job fails, the worker stays: a throwing layer is one message's problem.
    reply = { type: 'failed', id: job.id, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
