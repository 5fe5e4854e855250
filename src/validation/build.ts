/**
 * Builds the whole validation pipeline from the data folders, once: what the gateway, the
 * `wasl validate` command and the tests all use, so they cannot disagree.
 */
import { EventCatalogue } from '../fhir/events.js';
import { CodeCatalogue } from '../findings/catalogue.js';
import { buildRuleContext } from './context.js';
import { compileValidator, type MessageValidator } from './pipeline.js';
import { createProfileLayer } from './profiles/index.js';
import { ALL_RULES } from './rules/index.js';
import { createSchemaValidator } from './schema/index.js';

export interface ValidationOptions {
  readonly schemasDir: string;
  readonly profilesDir: string;
  readonly now?: () => number;
}

export interface Validation {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly validator: MessageValidator;
}

export function buildValidation(options: ValidationOptions): Validation {
  const catalogue = CodeCatalogue.load(options.schemasDir);
  const events = EventCatalogue.load(options.schemasDir);
  const validator = compileValidator({
    schemasDir: options.schemasDir,
    context: buildRuleContext(catalogue, events, options.now ? { now: options.now } : {}),
    schema: createSchemaValidator({ schemasDir: options.schemasDir }),
    layers: [createProfileLayer({ profilesDir: options.profilesDir, catalogue })],
    rules: ALL_RULES,
  });
  return { catalogue, events, validator };
}
