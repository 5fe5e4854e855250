/**
 * The walk of one resource against a compiled profile (compile.ts): the checks of each node run on
 * the object the walk stands on, then the walk goes down into the children the profile names.
 *
 * It runs for every resource of every message (issue 3), so it allocates nothing per element: the
 * FHIRPath of the object it stands on is kept as two stacks (element names, array indexes) and
 * written out only when a check has something to report. What a check needs is resolved when the
 * walk form is made, at start: its kind as a number, a binding's value set.
 */
import type { JsonObject } from '../../fhir/json.js';
import { error, excerpt, type Finding } from '../../findings/finding.js';
import { FindingList } from '../../findings/limit.js';
import type { CodeVerdict, Terminology } from '../terminology/terminology.js';
import type { Check, CheckNode } from './compile.js';

/** Kinds as small integers: the walk switches on one per check. */
const CARDINALITY = 0;
const EXTENSION = 1;
const FIXED = 2;
const BINDING = 3;
const KINDS: Record<Check['kind'], number> = { cardinality: CARDINALITY, extension: EXTENSION, fixed: FIXED, binding: BINDING };

/**
 * A check as the walk reads it on every visit: what it needs in one small object (a compiled Check is large, and
 * little of it is in the CPU cache when a message arrives), with the compiled check itself for the findings.
 */
interface WalkCheck {
  readonly kind: number;
  readonly name: string;
  /** The check before it reads the same property (`item` cardinality, then its binding): its value is reused. */
  readonly same: boolean;
  readonly min: number;
  readonly max: number;
  /** The extension URL, the fixed value or the bound value set, by kind. */
  readonly arg: string | undefined;
  /** A binding's value set, looked up once: undefined when there is no terminology to judge by. */
  readonly judge: ValueSetJudge | undefined;
  readonly check: Check;
}

type ValueSetJudge = (system: string | undefined, code: string) => CodeVerdict;

/** A compiled node in the form the walk reads: its children as parallel arrays, no Map entry made per visit. */
export interface WalkNode {
  readonly checks: readonly WalkCheck[];
  readonly names: readonly string[];
  readonly children: readonly WalkNode[];
}

/** The walk form of a compiled profile tree (made once, at start), its bindings judged by `terminology`. */
export function walkTree(root: CheckNode, terminology: Terminology | undefined): WalkNode {
  const walkNode = (node: CheckNode): WalkNode => ({
    checks: node.checks.map((check, at) => walkCheck(check, at > 0 && (node.checks[at - 1] as Check).name === check.name, terminology)),
    names: [...node.children.keys()],
    children: [...node.children.values()].map(walkNode),
  });
  return walkNode(root);
}

function walkCheck(check: Check, same: boolean, terminology: Terminology | undefined): WalkCheck {
  const arg = check.kind === 'extension' ? check.url : check.kind === 'fixed' ? check.fixed : check.kind === 'binding' ? check.binding : undefined;
  const judge = check.kind === 'binding' && check.binding && terminology ? judgeOf(check.binding, terminology) : undefined;
  return { kind: KINDS[check.kind], name: check.name, same, min: check.min, max: check.max, arg, judge, check };
}

function judgeOf(binding: string, terminology: Terminology): ValueSetJudge {
  return terminology.valueSetJudge?.(binding) ?? ((system, code) => terminology.checkValueSet(binding, system, code));
}

/**
 * One message's walk: the findings, and where the walk stands. A resource's FHIRPath is `basePath`
 * for the Bundle itself (entry -1), else `basePath.entry[n].resource`; below it, `names[d]` with
 * `[indexes[d]]` when the element repeats (-1 when it does not).
 */
export class ProfileWalk {
  /** Bounded: a resource of a million wrong codes makes a bounded list (FindingList: ten times MAX_FINDINGS) and a truncation notice (issue 9). */
  readonly #findings = new FindingList();
  readonly #names: string[] = [];
  readonly #indexes: number[] = [];
  #entry = -1;

  constructor(readonly basePath: string) {}

  add(finding: Finding): void {
    this.#findings.push(finding);
  }

  /** The walk's findings, ended by a truncation notice when there were too many to keep. */
  done(): Finding[] {
    return this.#findings.done();
  }

  /** Starts on the resource of entry `entry` (-1: the Bundle itself); the stacks are empty, as every `node` pops what it pushed. */
  at(entry: number): void {
    this.#entry = entry;
  }

  /** FHIRPath of the object the walk stands on, or of its property `name` (item `index` of it, when >= 0). */
  path(name?: string, index = -1): string {
    let path = this.#entry < 0 ? this.basePath : `${this.basePath}.entry[${this.#entry}].resource`;
    for (let d = 0; d < this.#names.length; d++) {
      path += `.${this.#names[d] as string}`;
      const at = this.#indexes[d] as number;
      if (at >= 0) path += `[${at}]`;
    }
    if (name !== undefined) path += index >= 0 ? `.${name}[${index}]` : `.${name}`;
    return path;
  }

  node(node: WalkNode, object: JsonObject): void {
    const checks = node.checks;
    let value: unknown;
    for (let c = 0; c < checks.length; c++) {
      const check = checks[c] as WalkCheck;
      if (!check.same) value = object[check.name];
      this.#check(check, value);
    }
    const names = node.names;
    for (let c = 0; c < names.length; c++) {
      const value = object[names[c] as string];
      if (typeof value !== 'object' || value === null) continue;
      const child = node.children[c] as WalkNode;
      this.#names.push(names[c] as string);
      if (Array.isArray(value)) {
        this.#indexes.push(0);
        const top = this.#indexes.length - 1;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
          this.#indexes[top] = i;
          this.node(child, item as JsonObject);
        }
      } else {
        this.#indexes.push(-1);
        this.node(child, value as JsonObject);
      }
      this.#names.pop();
      this.#indexes.pop();
    }
  }

  /** One check on `value`, the property `check.name` of the object the walk stands on. */
  #check(check: WalkCheck, value: unknown): void {
    switch (check.kind) {
      case CARDINALITY: {
        const count = value === undefined || value === null ? 0 : Array.isArray(value) ? value.length : 1;
        if (count < check.min) this.#report(check.check, this.path(check.name), `is required (min ${check.min})`);
        else if (count > check.max) this.#report(check.check, this.path(check.name), `allows at most ${check.max}, found ${count}`);
        return;
      }
      case EXTENSION: {
        let count = 0;
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const ext: unknown = value[i];
            if (typeof ext === 'object' && ext !== null && !Array.isArray(ext) && (ext as JsonObject).url === check.arg) count++;
          }
        }
        if (count < check.min) this.#report(check.check, this.path('extension'), `(${check.arg}) is required`);
        else if (count > check.max) this.#report(check.check, this.path('extension'), `(${check.arg}) allows at most ${check.max}, found ${count}`);
        return;
      }
      case FIXED: {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const v: unknown = value[i];
            if (typeof v === 'string' && v !== check.arg) this.#report(check.check, this.path(check.name, i), `must be "${check.arg}"`);
          }
        } else if (typeof value === 'string' && value !== check.arg) {
          this.#report(check.check, this.path(check.name), `must be "${check.arg}"`);
        }
        return;
      }
      case BINDING: {
        const judge = check.judge;
        if (judge === undefined) return;
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const rejected = rejectedCode(judge, value[i]);
            if (rejected !== undefined) this.add(error(check.check.code, this.path(check.name, i), `${rejected} is not in ${check.arg as string}`));
          }
        } else if (value !== undefined) {
          const rejected = rejectedCode(judge, value);
          if (rejected !== undefined) this.add(error(check.check.code, this.path(check.name), `${rejected} is not in ${check.arg as string}`));
        }
        return;
      }
    }
  }

  /** A finding of `check` at `expression`: `problem` follows the profile path (`Claim.priority is required (min 1)`). */
  #report(check: Check, expression: string, problem: string): void {
    this.add(error(check.code, expression, `${check.path} ${problem}`));
  }
}

/**
 * Judges one bound value as a whole: a code, a Coding, or a CodeableConcept whose codings are
 * alternatives. FHIR lets a concept carry, beside the standard code, translations into other
 * systems (sample 19 adds the provider's own procedure code), so the concept is wrong only when
 * no coding of it is acceptable: every coded coding is a definite `unknown-code`. Returns the
 * first rejected code for the diagnostics, or undefined when the value is acceptable or cannot be judged.
 */
function rejectedCode(judge: ValueSetJudge, value: unknown): string | undefined {
  if (typeof value === 'string') return judge(undefined, value) === 'unknown-code' ? `"${excerpt(value)}"` : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const concept = value as JsonObject;
  const codings = concept.coding;
  // A Coding is its own single coding.
  if (codings === undefined) {
    const rejected = rejectedCoding(judge, concept);
    return typeof rejected === 'string' ? `code ${rejected}` : undefined;
  }
  if (!Array.isArray(codings)) return undefined;
  let firstRejected: string | undefined;
  for (let i = 0; i < codings.length; i++) {
    const rejected = rejectedCoding(judge, codings[i]);
    if (rejected === ACCEPTED) return undefined;
    firstRejected ??= rejected;
  }
  return firstRejected === undefined ? undefined : `code ${firstRejected}`;
}

/** A coding the value set does not reject: it makes its whole concept acceptable. */
const ACCEPTED = true;

/** The code of a coding the value set rejects, ACCEPTED, or undefined for a coding without a code. */
function rejectedCoding(judge: ValueSetJudge, raw: unknown): string | typeof ACCEPTED | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const coding = raw as JsonObject;
  const code = coding.code;
  if (typeof code !== 'string') return undefined;
  const system = coding.system;
  return judge(typeof system === 'string' ? system : undefined, code) === 'unknown-code' ? excerpt(code) : ACCEPTED;
}
