/**
 * Generates `schemas/rules/nphies-rules.json` from the official rule workbook
 * (`err--nphies-rules-and-codes-oba.csv`, "nphies Validation Error Codes, OBA 2.8").
 *
 * The gateway never parses the CSV at run time: this script turns it into data once,
 * and a new version of the workbook is a re-run of `npm run catalogue`.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface OfficialRule {
  id: string;
  family: string;
  element: string;
  description: string;
  display: string;
  published: string;
  deactivated: string;
  active: boolean;
}

type Row = Record<string, string>;

export function readOfficialRules(csvText: string): OfficialRule[] {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Row[];
  const rules: OfficialRule[] = [];
  for (const row of rows) {
    const id = (row['Rule ID'] ?? '').trim();
    if (!/^[A-Z]{2}-\d{5}$/.test(id)) continue;
    const deactivated = (row['Rule Deactivation Date'] ?? '').trim();
    rules.push({
      id,
      family: id.slice(0, 2),
      element: tidy(row['Rule Related Message/Resource/Element']),
      description: tidy(row['Description']),
      display: tidy(row['Display']) || tidy(row['Description']),
      published: tidy(row['Rule Publishing Date']),
      deactivated,
      active: deactivated === '',
    });
  }
  rules.sort((a, b) => a.id.localeCompare(b.id));
  return rules;
}

function tidy(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function main(): void {
  const source = resolve(process.argv[2] ?? '../shared/reference/nphies/err--nphies-rules-and-codes-oba.csv');
  const target = resolve(process.argv[3] ?? 'schemas/rules/nphies-rules.json');
  const rules = readOfficialRules(readFileSync(source, 'utf8'));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify({ source: 'nphies Validation Error Codes, OBA 2.8', rules }, null, 1) + '\n');
  const active = rules.filter((r) => r.active).length;
  process.stdout.write(`wrote ${rules.length} rules (${active} active) to ${target}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
