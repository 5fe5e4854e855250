#!/usr/bin/env node
// `wasl` (and `npx wasl`): runs the built CLI, dist/src/cli/wasl.js, when `npm run build` has made it,
// which starts in a fraction of a second. Otherwise (a fresh `npm ci`, no build) it registers tsx in this
// process and runs src/cli/wasl.ts, which works but costs about 3 s of start-up. After editing src/,
// rebuild or delete dist/: a stale build would run old code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const built = join(root, 'dist', 'src', 'cli', 'wasl.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'wasl.ts')).href);
}
