/**
 * Summarises a V8 `.cpuprofile` (as written by `WASL_BENCH_CPU_PROF=DIR npm run bench`): self time by
 * source file and by function, and inclusive time of the functions that match a filter, so the cost of
 * each stage can be read without opening DevTools.
 *
 *   node --import tsx bench/cpu-profile.ts FILE [--top 40] [--inclusive regex] [--per N]
 *
 * `--per N` divides every figure by N (requests served) to print milliseconds per request.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, inclusive: { type: 'string' }, per: { type: 'string' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: cpu-profile.ts FILE [--top N] [--inclusive regex] [--per requests]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const per = values.per ? Number(values.per) : 1;
const unit = values.per ? 'ms/req' : 'ms';

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'npm:').replace(/^.*\/work\/[^/]+\//, '');
const label = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

function table(title: string, totals: Map<string, number>): void {
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  console.log(`\n${title}`);
  for (const [name, us] of rows) console.log(`${(us / 1000 / per).toFixed(3).padStart(10)} ${unit}  ${name}`);
}

const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled${values.per ? `, ${(total / 1000 / per).toFixed(3)} ms/req` : ''}`);

const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const fileName = shortUrl(node.callFrame.url) || `(${node.callFrame.functionName})`;
  const packageName = fileName.startsWith('npm:') ? fileName.split('/').slice(0, fileName.startsWith('npm:@') ? 2 : 1).join('/') : fileName;
  byFile.set(packageName, (byFile.get(packageName) ?? 0) + us);
  byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + us);
}
table('self time by file or package', byFile);
table('self time by function', byFunction);

if (values.inclusive) {
  // Inclusive time: a sample counts once for every distinct matching frame on its stack.
  const pattern = new RegExp(values.inclusive);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (pattern.test(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0));
      }
    }
  });
  table(`inclusive time of frames matching /${values.inclusive}/`, inclusive);
}
