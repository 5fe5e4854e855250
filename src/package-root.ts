/**
 * The package root: the nearest folder above this module that holds package.json. Data files
 * (schemas/, profiles/, package.json itself) are read from there, so the same code finds them when
 * it runs from src/ under tsx and from dist/src/ after `npm run build` (issue 10, item 3): paths
 * relative to a source file would point into dist/, which holds only compiled code.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);

/** A path inside the package root, e.g. `packagePath('schemas')`. */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}
