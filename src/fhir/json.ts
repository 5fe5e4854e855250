/** Narrowing helpers for parsed JSON: messages arrive as `unknown` and are read defensively. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** First coding's code of a CodeableConcept, the shape NPHIES uses everywhere. */
export function firstCode(concept: unknown): string | undefined {
  return asString(asObject(asArray(asObject(concept)?.coding)[0])?.code);
}
