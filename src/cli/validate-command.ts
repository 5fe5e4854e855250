/**
 * `wasl validate FILE...`: the same validation layers as `$process-message`, without routing,
 * for a hospital's developers. A table by default, the OperationOutcome with `--json`.
 */
import { readFile } from 'node:fs/promises';
import { readEnvelope } from '../fhir/message.js';
import { operationOutcome } from '../fhir/responses.js';
import type { Language } from '../findings/catalogue.js';
import type { Finding } from '../findings/finding.js';
import { buildValidation } from '../validation/build.js';

export interface ValidateOptions {
  readonly schemasDir: string;
  readonly profilesDir: string;
  /** The operator's licensed SBS procedure list (WASL_SBS_FILE); without it SBS codes are "not verifiable". */
  readonly sbsFile?: string | undefined;
  /** The hub's licence (WASL_GATEWAY_LICENCE) that poll-request and payment-notice address. */
  readonly gatewayLicence?: string;
  readonly json?: boolean;
  readonly language?: Language;
}

export interface ValidateResult {
  readonly output: string;
  /** True when any file has an error (the command then exits 1). */
  readonly failed: boolean;
  /** One line per file that could not be read or parsed, for stderr. */
  readonly problems: readonly string[];
}

export async function validateFiles(files: readonly string[], options: ValidateOptions): Promise<ValidateResult> {
  const { catalogue, events, validator } = buildValidation({
    schemasDir: options.schemasDir,
    profilesDir: options.profilesDir,
    sbsFile: options.sbsFile,
    ...(options.gatewayLicence ? { gatewayLicence: options.gatewayLicence } : {}),
  });
  const language = options.language ?? 'en';
  const results: { file: string; findings: Finding[] }[] = [];
  // Findings about the file itself, not the message: the table shows their diagnostics, since the catalogue's
  // display for WASL_ERR_NOT_FOUND ("No such route") is written for HTTP.
  const fileProblems = new Set<Finding>();
  for (const file of files) {
    results.push({ file, findings: await findingsFor(file) });
  }
  const failed = results.some((r) => r.findings.some((f) => f.severity === 'error' || f.severity === 'fatal'));
  if (options.json) {
    const outcomes = results.map((r) => ({ file: r.file, outcome: operationOutcome(r.findings, { catalogue, language }) }));
    return { output: JSON.stringify(files.length === 1 ? outcomes[0]?.outcome : outcomes, null, 2), failed, problems: problemLines() };
  }
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.file}: ${verdict(r.findings)}`);
    for (const f of r.findings) {
      lines.push(`  ${f.severity.padEnd(7)} ${f.code.padEnd(10)} ${(f.expression ?? '').padEnd(60)} ${fileProblems.has(f) ? f.diagnostics : catalogue.display(f.code, language)}`);
    }
  }
  return { output: lines.join('\n'), failed, problems: problemLines() };

  function problemLines(): string[] {
    return results.flatMap((r) => r.findings.filter((f) => fileProblems.has(f)).map((f) => `${r.file}: ${f.diagnostics}`));
  }

  function verdict(findings: readonly Finding[]): string {
    const errors = findings.filter((f) => f.severity === 'error' || f.severity === 'fatal').length;
    const notes = findings.length - errors;
    if (errors === 0) return notes === 0 ? 'valid' : `valid (${notes} warning(s))`;
    return `${errors} error(s)${notes > 0 ? `, ${notes} warning(s)` : ''}`;
  }

  async function findingsFor(file: string): Promise<Finding[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (problem) {
      const code = (problem as NodeJS.ErrnoException).code;
      const missing = code === 'ENOENT';
      return [fileProblem(missing ? 'WASL_ERR_NOT_FOUND' : 'GE-00013', missing ? 'no such file' : `cannot read the file (${code ?? String(problem)})`)];
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [fileProblem('GE-00013', 'not well-formed JSON')];
    }
    const read = readEnvelope(parsed);
    if (!read.ok) return [{ code: read.problem.code, severity: 'error', expression: read.problem.expression, diagnostics: read.problem.diagnostics }];
    const event = events.get(read.envelope.event);
    if (!event) return [{ code: 'IB-00250', severity: 'error', expression: 'Bundle.entry[0].resource.eventCoding' }];
    return validator.validate(read.envelope, event);
  }

  function fileProblem(code: string, diagnostics: string): Finding {
    const made: Finding = { code, severity: 'error', diagnostics };
    fileProblems.add(made);
    return made;
  }
}
