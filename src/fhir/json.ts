/** Narrowing helpers for parsed JSON: messages arrive as `unknown` and are read defensively. */
export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Shared by every `asArray` of something that is not an array: frozen, so no caller can fill it. */
const NO_VALUES: readonly unknown[] = Object.freeze([]);

/** `value` when it is an array, else an empty one (shared: reading a missing element allocates nothing). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NO_VALUES;
}

/** First coding's code of a CodeableConcept, the shape NPHIES uses everywhere. */
export function firstCode(concept: unknown): string | undefined {
  return asString(asObject(asArray(asObject(concept)?.coding)[0])?.code);
}
