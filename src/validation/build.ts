/**
 * Builds the whole validation pipeline from the data folders, once: what the gateway, the
 * `wasl validate` command and the tests all use, so they cannot disagree.
 */
import { EventCatalogue } from '../fhir/events.js';
import { ADJUDICATION_ERROR_SYSTEM } from '../fhir/identity.js';
import { CodeCatalogue } from '../findings/catalogue.js';
import { buildRuleContext, type RuleContext } from './context.js';
import type { MessageLayer } from './layer.js';
import { compileValidator, type BaseSchemaValidator, type MessageValidator } from './pipeline.js';
import { createProfileLayer } from './profiles/index.js';
import type { Rule } from './rule.js';
import { ALL_RULES } from './rules/index.js';
import { createSchemaValidator } from './schema/index.js';
import { createTerminologyLayer, withBindings } from './terminology/layer.js';
import { loadTerminology } from './terminology/load.js';
import type { Terminology } from './terminology/terminology.js';

export interface ValidationOptions {
  readonly schemasDir: string;
  readonly profilesDir: string;
  /** The operator's licensed Saudi Billing System list (`WASL_SBS_FILE`); without it SBS codes are unverifiable. */
  readonly sbsFile?: string | undefined;
  readonly now?: () => number;
  /** The hub's own licence (WASL_GATEWAY_LICENCE); default "NPHIES". */
  readonly gatewayLicence?: string;
}

export interface Validation {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly terminology: Terminology;
  readonly validator: MessageValidator;
}

/**
 * The pieces `buildValidation` assembles, each compiled from the data folders. Held apart for the
 * per-rule profiler (bench/validation-rules.ts), which times each piece where it runs.
 */
export interface ValidationParts {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly terminology: Terminology;
  readonly context: RuleContext;
  readonly schema: BaseSchemaValidator;
  readonly profiles: MessageLayer;
  readonly codes: MessageLayer;
  readonly rules: readonly Rule[];
}

export function buildValidationParts(options: ValidationOptions): ValidationParts {
  const catalogue = CodeCatalogue.load(options.schemasDir);
  const events = EventCatalogue.load(options.schemasDir);
  // Loaded once and shared by every message: each lookup is a Map access.
  // NPHIES reports its own rule codes (BV-, GE-, RE-...) in the adjudication-error system beside the payers'
  // numeric reasons the appendix lists; the gateway does too, so its answers name codes that system knows.
  const ruleCodes = { system: ADJUDICATION_ERROR_SYSTEM, codes: catalogue.codes() };
  const terminology = loadTerminology({ schemasDir: options.schemasDir, extraCodes: [ruleCodes], ...(options.sbsFile ? { sbsFile: options.sbsFile } : {}) });
  return {
    catalogue,
    events,
    terminology,
    context: buildRuleContext(catalogue, events, { terminology, ...(options.now ? { now: options.now } : {}), ...(options.gatewayLicence ? { gatewayLicence: options.gatewayLicence } : {}) }),
    schema: createSchemaValidator({ schemasDir: options.schemasDir }),
    profiles: createProfileLayer({ profilesDir: options.profilesDir, catalogue, terminology }),
    codes: createTerminologyLayer({ terminology, catalogue }),
    rules: ALL_RULES,
  };
}

/** The validator of a set of parts: base schema, then profiles with terminology, then the rules. */
export function assembleValidator(schemasDir: string, parts: Pick<ValidationParts, 'context' | 'schema' | 'profiles' | 'codes' | 'rules'>): MessageValidator {
  return compileValidator({ schemasDir, context: parts.context, schema: parts.schema, layers: [withBindings(parts.profiles, parts.codes)], rules: parts.rules });
}

export function buildValidation(options: ValidationOptions): Validation {
  const parts = buildValidationParts(options);
  return { catalogue: parts.catalogue, events: parts.events, terminology: parts.terminology, validator: assembleValidator(options.schemasDir, parts) };
}
