/**
 * Where approval models live: every trained model is kept as `<dataDir>/models/approval-<version>.json`
 * (never rewritten), and `<dataDir>/models/approval-current.json` points at the promoted one. Both
 * are written to a temporary file and renamed, so a gateway reading them sees the old file or the
 * new one, never half of either; promoting is the rename of the pointer.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelFormatError } from './booster.js';
import { MODEL_FORMAT, type ModelFile } from './model.js';

export interface ModelPointer {
  readonly file: string;
  readonly version: string;
  readonly promotedAt: string;
}

export function modelsDir(dataDir: string): string {
  return join(dataDir, 'models');
}

export function pointerPath(dataDir: string): string {
  return join(modelsDir(dataDir), 'approval-current.json');
}

export function modelPath(dataDir: string, version: string): string {
  return join(modelsDir(dataDir), `approval-${version}.json`);
}

/** Modification time and size of the pointer, or undefined while no model was promoted. */
export function pointerStamp(dataDir: string): string | undefined {
  try {
    const stat = statSync(pointerPath(dataDir));
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw problem;
  }
}

/** The promoted model, or undefined when none was promoted yet. */
export function readPromotedModel(dataDir: string): ModelFile | undefined {
  let pointer: ModelPointer;
  try {
    pointer = JSON.parse(readFileSync(pointerPath(dataDir), 'utf8')) as ModelPointer;
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw problem;
  }
  return readModelFile(join(modelsDir(dataDir), pointer.file));
}

export function readModelFile(path: string): ModelFile {
  let model: ModelFile;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as ModelFile;
  } catch (problem) {
    throw new ModelFormatError(`${path}: ${problem instanceof Error ? problem.message : String(problem)}`, { cause: problem });
  }
  if (model?.format !== MODEL_FORMAT) throw new ModelFormatError(`${path}: format ${String(model?.format)}, expected ${MODEL_FORMAT}`);
  return model;
}

/** Writes the model's versioned file (kept whether promoted or not); returns its path. */
export function writeModelFile(dataDir: string, model: ModelFile): string {
  mkdirSync(modelsDir(dataDir), { recursive: true });
  const path = modelPath(dataDir, model.version);
  writeAtomically(path, `${JSON.stringify(model)}\n`);
  return path;
}

/** Makes `model` (already written by writeModelFile) the one gateways score with. */
export function promoteModel(dataDir: string, model: ModelFile, now = new Date()): ModelPointer {
  const pointer: ModelPointer = { file: `approval-${model.version}.json`, version: model.version, promotedAt: now.toISOString() };
  writeAtomically(pointerPath(dataDir), `${JSON.stringify(pointer, null, 1)}\n`);
  return pointer;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
