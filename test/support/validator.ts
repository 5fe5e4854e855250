/** The real validation pipeline, compiled from the project's data exactly as the gateway does it. */
import { loadConfig } from '../../src/config.js';
import { EventCatalogue } from '../../src/fhir/events.js';
import { readEnvelope } from '../../src/fhir/message.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import type { Finding } from '../../src/findings/finding.js';
import { buildRuleContext } from '../../src/validation/context.js';
import { compileValidator, type MessageValidator } from '../../src/validation/pipeline.js';
import { ALL_RULES } from '../../src/validation/rules/index.js';
import { createSchemaValidator } from '../../src/validation/schema/index.js';

let compiled: { validator: MessageValidator; events: EventCatalogue } | undefined;

function pipeline() {
  if (!compiled) {
    const { schemasDir } = loadConfig({});
    const catalogue = CodeCatalogue.load(schemasDir);
    const events = EventCatalogue.load(schemasDir);
    const validator = compileValidator({ schemasDir, context: buildRuleContext(catalogue, events), schema: createSchemaValidator({ schemasDir }), rules: ALL_RULES });
    compiled = { validator, events };
  }
  return compiled;
}

/** Every finding for a message, as `{ code, expression }` pairs. */
export function findingsOf(bundle: unknown): { code: string; expression: string | undefined }[] {
  const { validator, events } = pipeline();
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return validator.validate(read.envelope, event).map((f: Finding) => ({ code: f.code, expression: f.expression }));
}
