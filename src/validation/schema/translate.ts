/**
 * One Ajv error → one Finding: rule code, FHIRPath expression and a short diagnostic.
 * Diagnostics are built from the schema side only (expected type, allowed codes, FHIR type
 * names); instance values never appear, since they may be patient data.
 */
import type { ErrorObject } from 'ajv';
import { error, excerpt, type Finding } from '../../findings/finding.js';
import { SCHEMA_CODES, type CodeLookup, type ErrorKind } from './codes.js';
import type { CompiledSchema } from './compile.js';
import { childExpression, elementKeys, locate, type Location } from './paths.js';

export interface TranslationContext {
  readonly schema: CompiledSchema;
  readonly codes: CodeLookup;
}

/** Returns undefined for errors that repeat another one (see below). */
export function translateError(err: ErrorObject, data: unknown, rootName: string | undefined, context: TranslationContext): Finding | undefined {
  const location = locate(data, err.instancePath, rootName);
  // With `verbose`, parentSchema is the definition the failing keyword belongs to (`date`, `Claim`).
  const definition = err.parentSchema ? context.schema.definitionNames.get(err.parentSchema) : undefined;
  if (err.parentSchema === context.schema.resourceList) return resourcePositionFinding(err, location);

  const keys = (withAncestors: boolean, child?: string): string[] =>
    elementKeys(location, context.schema.choiceTypeSuffixes, withAncestors, child);
  const coded = (kind: ErrorKind, child?: string): string => context.codes.codeFor(kind, keys(kind !== 'cardinality', child), keys(false, child));

  switch (err.keyword) {
    case 'additionalProperties': {
      // The one part of an expression the body writes: an unknown element's name, cut like any quoted value.
      const property = excerpt(String(err.params.additionalProperty));
      return error(SCHEMA_CODES.unknownElement, childExpression(location, property), `element is not defined in FHIR R4${definition ? ` ${definition}` : ''}`);
    }
    case 'required': {
      const property = String(err.params.missingProperty);
      return error(coded('cardinality', property), childExpression(location, property), `required element '${property}' is missing`);
    }
    case 'type': {
      const expected = String(err.params.type);
      // In FHIR JSON an element repeats exactly when it is an array, so a shape mismatch is a cardinality error.
      if (Array.isArray(err.data) !== (expected === 'array')) {
        const message = expected === 'array' ? 'must be a JSON array (the element repeats)' : 'must not be an array (the element does not repeat)';
        return error(coded('occurrence'), location.expression, message);
      }
      return error(coded('type'), location.expression, `must be a JSON ${expected}${definition ? ` (FHIR ${definition})` : ''}`);
    }
    case 'enum': {
      // The R4 schema types `code` elements only by their enum, so a number there is a type error.
      const kind: ErrorKind = typeof err.data === 'string' ? 'code' : 'type';
      return error(coded(kind), location.expression, `must be one of: ${allowed(err.params.allowedValues)}`);
    }
    case 'pattern':
      return error(coded('value'), location.expression, definition ? `is not a valid FHIR ${definition}` : 'does not match the format of this element');
    case 'const':
      return error(coded('value'), location.expression, `must be ${JSON.stringify(err.params.allowedValue)}`);
    default:
      return error(coded('value'), location.expression, err.message ?? err.keyword);
  }
}

/**
 * Errors raised by `ResourceList` itself: the position holds something that is not an R4 resource.
 * A missing resourceType raises both `required` and the discriminator's tag error; only the latter
 * is reported, so that one broken resource yields one finding.
 */
function resourcePositionFinding(err: ErrorObject, location: Location): Finding | undefined {
  const inEntry = location.expression !== undefined && /(^|\.)entry\[\d+\]\.resource$/.test(location.expression);
  if (err.keyword === 'required') return undefined;
  if (err.keyword === 'type') {
    return error(inEntry ? SCHEMA_CODES.entryNotAResource : SCHEMA_CODES.fallback, location.expression, 'must be a JSON object (a FHIR resource)');
  }
  const code = inEntry ? SCHEMA_CODES.entryInvalidResource : SCHEMA_CODES.invalidResourceType;
  const missing = err.keyword === 'discriminator' && err.params.error === 'tag';
  return error(code, location.expression, missing ? 'resource has no resourceType' : 'resourceType is not a FHIR R4 resource type');
}

function allowed(values: unknown): string {
  const list = Array.isArray(values) ? values.map(String) : [];
  return list.length > 12 ? `${list.slice(0, 12).join(' | ')} | …` : list.join(' | ');
}
