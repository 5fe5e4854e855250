/**
 * Reads every `*.json` file of a data folder, in name order. Rule assignments and display
 * texts are split by area (`foundation.json`, `claims.json`, ...) so that areas can grow
 * independently; a code defined in two files is a configuration error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readJsonFolder<T>(folder: string): { file: string; data: T }[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: join(folder, name), data: JSON.parse(readFileSync(join(folder, name), 'utf8')) as T }));
}

/** Merges `key → value` maps from several files, refusing a key defined twice. */
export function mergeUnique<V>(parts: { file: string; entries: Record<string, V> }[], what: string): Record<string, V> {
  const merged: Record<string, V> = {};
  const origin: Record<string, string> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part.entries)) {
      if (key in merged) throw new Error(`${what} ${key} is defined in both ${origin[key]} and ${part.file}`);
      merged[key] = value;
      origin[key] = part.file;
    }
  }
  return merged;
}
