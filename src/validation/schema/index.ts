/**
 * The FHIR R4 base-schema layer (SPEC section 5, first layer): is the body a well-formed R4
 * resource at all, element by element? Everything is compiled in createSchemaValidator, once at
 * start; `validate` does no I/O and never throws.
 */
import type { ErrorObject } from 'ajv';
import { CodeCatalogue } from '../../findings/catalogue.js';
import { error, type Finding } from '../../findings/finding.js';
import { FINDINGS_TRUNCATED, MAX_FINDINGS, truncationNotice } from '../../findings/limit.js';
import { buildCodeLookup, SCHEMA_CODES } from './codes.js';
import { compileR4Schema } from './compile.js';
import { translateError, type TranslationContext } from './translate.js';

export { SCHEMA_CODES } from './codes.js';

/** The official codes the base-schema layer reports, by element (for `wasl rules`). */
export function schemaLayerCodes(catalogue: CodeCatalogue): ReadonlySet<string> {
  return buildCodeLookup(catalogue.officialRules()).codes();
}

export interface SchemaValidator {
  /**
   * Findings for every place `resource` departs from the R4 JSON schema; empty when it conforms.
   * `basePath` roots the expressions (e.g. `Bundle.entry[2].resource` for a resource taken out of
   * a bundle); by default they are rooted at the resource's own type.
   */
  validate(resource: unknown, basePath?: string): Finding[];
}

/** Wasl's code for a body nested so deep that the validator runs out of stack. */
const TOO_DEEP = 'WASL_ERR_TOO_DEEP';

export function createSchemaValidator(options: { schemasDir: string }): SchemaValidator {
  const catalogue = CodeCatalogue.load(options.schemasDir);
  for (const code of [...Object.values(SCHEMA_CODES), TOO_DEEP, FINDINGS_TRUNCATED]) {
    if (!catalogue.has(code)) throw new Error(`schema validator: code ${code} is not in the code catalogue`);
  }
  const schema = compileR4Schema();
  const context: TranslationContext = { schema, codes: buildCodeLookup(catalogue.officialRules()) };

  return {
    validate(resource, basePath) {
      try {
        // The fast pass decides almost every message; Ajv runs only to report (or to overrule a cautious no),
        // on the resource cut down to its first failing places (prune.ts: its work grows with the square of its errors).
        if (schema.conforms(resource)) return [];
        const pruned = schema.prune(resource);
        if (schema.validate(pruned.data)) return [];
        const rootName = basePath ?? knownResourceType(resource, schema.resourceTypes);
        return collect(schema.validate.errors ?? [], pruned.data, rootName, context, pruned.cut ? pruned.failures - MAX_FINDINGS : 0);
      } catch (e) {
        // Ajv recurses with the data: a pathologically deep body (or a cyclic object) exhausts the stack.
        if (e instanceof RangeError) return [error(TOO_DEEP, basePath, 'nested too deeply to validate')];
        return [error(SCHEMA_CODES.fallback, basePath, 'the resource could not be validated')];
      }
    },
  };
}

/**
 * One finding per element and code, at most MAX_FINDINGS of them; a truncation notice ends the list when
 * errors were left out, here or by the pruning (`cut`: how many failing places it left out, at least).
 */
function collect(errors: readonly ErrorObject[], data: unknown, rootName: string | undefined, context: TranslationContext, cut: number): Finding[] {
  const findings: Finding[] = [];
  // A wrong value can break several keywords of one element (a string decimal fails `type` and
  // `pattern`); the element is reported once, under the first.
  const reported = new Set<string>();
  let more = 0;
  for (const err of errors) {
    const finding = translateError(err, data, rootName, context);
    if (!finding) continue;
    const key = `${finding.code} ${finding.expression ?? ''}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (findings.length === MAX_FINDINGS) {
      more += 1;
      continue;
    }
    findings.push(finding);
  }
  if (more > 0 || cut > 0) findings.push(truncationNotice(true, Math.max(more, cut, 1)));
  return findings;
}

function knownResourceType(resource: unknown, types: ReadonlySet<string>): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
  const type = (resource as { resourceType?: unknown }).resourceType;
  return typeof type === 'string' && types.has(type) ? type : undefined;
}
