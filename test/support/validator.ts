/** The real validation pipeline, built by the same function the gateway uses. */
import { loadConfig } from '../../src/config.js';
import { readEnvelope } from '../../src/fhir/message.js';
import { isBlocking, type Finding } from '../../src/findings/finding.js';
import { buildValidation, type Validation } from '../../src/validation/build.js';

const pipelines = new Map<string, Validation>();

/** The pipeline, compiled once per clock (`now` fixed for date rules, else the real clock). */
function pipeline(now?: number): Validation {
  const key = now === undefined ? 'clock' : String(now);
  let built = pipelines.get(key);
  if (!built) {
    const { schemasDir, profilesDir } = loadConfig({});
    built = buildValidation({ schemasDir, profilesDir, ...(now === undefined ? {} : { now: () => now }) });
    pipelines.set(key, built);
  }
  return built;
}

/**
 * Every blocking finding (error or fatal) for a message, as `{ code, expression }` pairs; `now`
 * fixes the gateway clock. Warnings (e.g. SBS codes "not verifiable" without the licensed list)
 * are left out: they never stop a message; `warningsOf` reads them.
 */
export function findingsOf(bundle: unknown, now?: number): { code: string; expression: string | undefined }[] {
  const { validator, events } = pipeline(now);
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return validator.validate(read.envelope, event).filter(isBlocking).map((f: Finding) => ({ code: f.code, expression: f.expression }));
}

/** The warnings for a message (findings that do not stop it). */
export function warningsOf(bundle: unknown, now?: number): { code: string; expression: string | undefined }[] {
  const { validator, events } = pipeline(now);
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return validator.validate(read.envelope, event).filter((f) => !isBlocking(f)).map((f: Finding) => ({ code: f.code, expression: f.expression }));
}
