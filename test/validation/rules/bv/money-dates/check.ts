/** Runs one rule on its own (for rules that are implemented but not enforced, so the pipeline skips them). */
import { loadConfig } from '../../../../../src/config.js';
import { EventCatalogue } from '../../../../../src/fhir/events.js';
import { readEnvelope } from '../../../../../src/fhir/message.js';
import { CodeCatalogue } from '../../../../../src/findings/catalogue.js';
import { buildRuleContext } from '../../../../../src/validation/context.js';
import { messageUnderTest } from '../../../../../src/validation/message.js';
import type { Rule } from '../../../../../src/validation/rule.js';

export function check(rule: Rule, bundle: unknown, now: number): { code: string; expression: string | undefined }[] {
  const { schemasDir } = loadConfig({});
  const events = EventCatalogue.load(schemasDir);
  const context = buildRuleContext(CodeCatalogue.load(schemasDir), events, { now: () => now });
  const read = readEnvelope(bundle);
  if (!read.ok) throw new Error(read.problem.code);
  const event = events.get(read.envelope.event)!;
  return rule.check(messageUnderTest(read.envelope, event), context).map((f) => ({ code: f.code, expression: f.expression }));
}
