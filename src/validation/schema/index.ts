/**
 * The FHIR R4 base-schema layer (SPEC section 5, first layer): is the body a well-formed R4
 * resource at all, element by element? Everything is compiled in createSchemaValidator, once at
 * start; `validate` does no I/O and never throws.
 */
import type { ErrorObject } from 'ajv';
import { CodeCatalogue } from '../../findings/catalogue.js';
import { error, type Finding } from '../../findings/finding.js';
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

/**
 * A 10 MB body of unknown elements would otherwise produce one finding per element; past this
 * many, one more finding says how many were left out.
 */
const MAX_FINDINGS = 100;

/** Wasl's code for a body nested so deep that the validator runs out of stack. */
const TOO_DEEP = 'WASL_ERR_TOO_DEEP';

export function createSchemaValidator(options: { schemasDir: string }): SchemaValidator {
  const catalogue = CodeCatalogue.load(options.schemasDir);
  for (const code of [...Object.values(SCHEMA_CODES), TOO_DEEP]) {
    if (!catalogue.has(code)) throw new Error(`schema validator: code ${code} is not in the code catalogue`);
  }
  const schema = compileR4Schema();
  const context: TranslationContext = { schema, codes: buildCodeLookup(catalogue.officialRules()) };

  return {
    validate(resource, basePath) {
      try {
        // The fast pass decides almost every message; Ajv runs only to report (or to overrule a cautious no).
        if (schema.conforms(resource) || schema.validate(resource)) return [];
        const rootName = basePath ?? knownResourceType(resource, schema.resourceTypes);
        return collect(schema.validate.errors ?? [], resource, rootName, context);
      } catch (e) {
        // Ajv recurses with the data: a pathologically deep body (or a cyclic object) exhausts the stack.
        if (e instanceof RangeError) return [error(TOO_DEEP, basePath, 'nested too deeply to validate')];
        return [error(SCHEMA_CODES.fallback, basePath, 'the resource could not be validated')];
      }
    },
  };
}

function collect(errors: readonly ErrorObject[], resource: unknown, rootName: string | undefined, context: TranslationContext): Finding[] {
  const findings: Finding[] = [];
  // A wrong value can break several keywords of one element (a string decimal fails `type` and
  // `pattern`); the element is reported once, under the first.
  const reported = new Set<string>();
  for (const err of errors) {
    const finding = translateError(err, resource, rootName, context);
    if (!finding) continue;
    const key = `${finding.code} ${finding.expression ?? ''}`;
    if (reported.has(key)) continue;
    reported.add(key);
    if (findings.length === MAX_FINDINGS) {
      findings.push(error(SCHEMA_CODES.fallback, rootName, `more schema errors not listed (${errors.length} in all)`));
      break;
    }
    findings.push(finding);
  }
  return findings;
}

function knownResourceType(resource: unknown, types: ReadonlySet<string>): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
  const type = (resource as { resourceType?: unknown }).resourceType;
  return typeof type === 'string' && types.has(type) ? type : undefined;
}
