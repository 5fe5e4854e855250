/**
 * The validation pipeline (SPEC section 5): the FHIR R4 base schema, then message structure,
 * references and business rules, compiled once at start. Every layer adds findings to one list;
 * nothing stops at the first problem, and the caller decides what the list means. The list is capped
 * (findings/limit.ts): once it holds MAX_FINDINGS errors the remaining layers and rules are not run,
 * since nothing they found would be reported, and a notice says the list was cut (issue 9).
 */
import { join } from 'node:path';
import { mergeUnique, readJsonFolder } from '../findings/data-dir.js';
import type { EventCatalogue, EventDefinition } from '../fhir/events.js';
import { asObject } from '../fhir/json.js';
import { readEnvelope, type EnvelopeProblem, type MessageEnvelope } from '../fhir/message.js';
import { error, type Finding } from '../findings/finding.js';
import { CappedFindings } from '../findings/limit.js';
import type { RuleContext } from './context.js';
import { messageUnderTest } from './message.js';
import type { MessageLayer } from './layer.js';
import type { Rule } from './rule.js';

export interface BaseSchemaValidator {
  validate(resource: unknown, basePath?: string): Finding[];
}

export interface MessageValidator {
  validate(envelope: MessageEnvelope, event: EventDefinition): Finding[];
  /** Rule ids that run for an event, for the catalogue and `wasl rules`. */
  rulesFor(event: string): readonly string[];
}

interface EnforcedFile {
  rules: Record<string, { events: '*' | string[] }>;
}

export class RuleConfigurationError extends Error {
  readonly code = 'WASL_ERR_RULE_CONFIG';
}

export function compileValidator(options: {
  schemasDir: string;
  context: RuleContext;
  schema: BaseSchemaValidator;
  /** Layers run after the base schema and before the rules (profiles, terminology). */
  layers?: readonly MessageLayer[];
  rules: readonly Rule[];
}): MessageValidator {
  const layers = options.layers ?? [];
  const rulesByEvent = assignRules(options.schemasDir, options.rules, options.context.events);
  const { context, schema } = options;

  const runRules = (envelope: MessageEnvelope, event: EventDefinition, basePath: string, findings: CappedFindings): void => {
    const message = messageUnderTest(envelope, event, basePath);
    // Once the list holds MAX_FINDINGS errors, nothing found later would be reported: the rest is not run.
    for (const layer of layers) {
      if (findings.full) return findings.stop();
      findings.addAll(layer.validate(envelope, event, basePath));
    }
    for (const rule of rulesByEvent.get(event.code) ?? NO_RULES) {
      if (findings.full) return findings.stop();
      findings.addAll(rule.check(message, context));
    }
    // A batch carries whole claim messages: each is checked as the message it is (BV-00383 and friends build on this).
    if (event.kind === 'deferred' && event.focal.includes('Bundle')) {
      for (const entry of message.focal) {
        const nestedPath = `${basePath}.entry[${entry.index}].resource`;
        const nested = readEnvelope(entry.resource);
        if (!nested.ok) {
          findings.addAll(unreadableNested(entry.resource, nested.problem, nestedPath));
          continue;
        }
        // An unknown nested event is BV-00383's to report ("claim-request in each bundle entry").
        const nestedEvent = context.events.get(nested.envelope.event);
        if (nestedEvent) runRules(nested.envelope, nestedEvent, nestedPath, findings);
      }
    }
  };

  return {
    validate(envelope, event) {
      // The first MAX_FINDINGS errors (and warnings), each element and code once (findings/limit.ts, issue 9).
      const findings = new CappedFindings();
      findings.addAll(schema.validate(envelope.bundle));
      runRules(envelope, event, 'Bundle', findings);
      return findings.done();
    },
    rulesFor(event) {
      return (rulesByEvent.get(event) ?? []).map((r) => r.id);
    },
  };
}

const NO_RULES: readonly Rule[] = [];

/**
 * A claim Bundle in a batch that is not a readable message gets what the gateway answers for such a
 * message on its own (BV-00130 no `type` "message", BV-00126 no MessageHeader first), at its place
 * in the batch; its resources cannot be checked until it is one. A focal entry that is not a Bundle
 * at all is the focal-type rules' business, not a reading problem.
 */
function unreadableNested(resource: unknown, problem: EnvelopeProblem, nestedPath: string): Finding[] {
  if (asObject(resource)?.resourceType !== 'Bundle') return [];
  return [error(problem.code, nestedPath + problem.expression.slice('Bundle'.length), `claim message in the batch: ${problem.diagnostics}`)];
}

function assignRules(schemasDir: string, rules: readonly Rule[], events: EventCatalogue): Map<string, Rule[]> {
  const enforced = mergeUnique(
    readJsonFolder<EnforcedFile>(join(schemasDir, 'rules', 'enforced')).map(({ file, data }) => ({ file, entries: data.rules })),
    'rule',
  );
  const byId = new Map<string, Rule>();
  for (const rule of rules) {
    if (byId.has(rule.id)) throw new RuleConfigurationError(`two implementations of ${rule.id}`);
    byId.set(rule.id, rule);
  }
  const byEvent = new Map<string, Rule[]>();
  for (const [id, spec] of Object.entries(enforced)) {
    const rule = byId.get(id);
    if (!rule) throw new RuleConfigurationError(`schemas/rules/enforced lists ${id}, which has no implementation`);
    const targets = spec.events === '*' ? events.all().map((e) => e.code) : spec.events;
    for (const code of targets) {
      if (!events.get(code)) throw new RuleConfigurationError(`schemas/rules/enforced: ${id} names unknown event ${code}`);
      const list = byEvent.get(code) ?? [];
      list.push(rule);
      byEvent.set(code, list);
    }
  }
  return byEvent;
}
