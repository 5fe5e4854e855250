/**
 * A validation rule: one official NPHIES rule id, one `check`. Which events a rule runs for
 * is data (`schemas/rules/enforced/*.json`), not code, so the same rule can be switched on for
 * a new event by editing that file.
 */
import type { Finding } from '../findings/finding.js';
import type { RuleContext } from './context.js';
import type { MessageUnderTest } from './message.js';

export interface Rule {
  /** Official rule id, e.g. `BV-00165`. */
  readonly id: string;
  check(message: MessageUnderTest, context: RuleContext): readonly Finding[];
}
