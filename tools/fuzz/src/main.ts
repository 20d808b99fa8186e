// `npm run fuzz [-- --cases N --seed S --time-limit SECONDS]`: mutated model files, configs, shard
// indexes and experiment files through `otfuse fuse --dry-run`; exit code 1 when any case
// crashes, hangs, allocates far more than its input or is refused without naming file and field.
// `--json FILE` also writes the whole summary, every failure included.
import fs from 'node:fs';
import { type FuzzSummary, runFuzz } from './run-fuzz';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`fuzz: --${name} needs a non-negative integer, got ${process.argv[at + 1]}\n`);
    process.exit(2);
  }
  return value;
}

export function formatSummary(s: FuzzSummary): string {
  const lines = [`fuzz: ${s.cases} cases (seed ${s.seed}) in ${s.seconds.toFixed(1)} s`];
  for (const [kind, counts] of Object.entries(s.byKind)) lines.push(`  ${kind.padEnd(12)} accepted ${String(counts.accepted).padStart(5)}  refused ${String(counts.refused).padStart(5)}`);
  lines.push(`  ${Object.keys(s.errors).length} distinct error codes: ${Object.entries(s.errors).map(([e, n]) => `${e} ×${n}`).join(', ')}`);
  if (s.slowest) lines.push(`  slowest case: #${s.slowest.index} (${s.slowest.kind}: ${s.slowest.what}) ${(1000 * s.slowest.seconds).toFixed(1)} ms`);
  lines.push(`  failures: ${s.failures.length}`);
  for (const f of s.failures.slice(0, 20)) lines.push(`    #${f.index} ${f.kind} ${f.verdict}: ${f.what}\n      ${(f.message ?? '').split('\n').slice(0, 4).join('\n      ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const summary = await runFuzz({
    seed: option('seed', 1),
    cases: option('cases', 10_000),
    caseTimeoutSeconds: option('case-timeout', 20),
    timeLimitSeconds: option('time-limit', 1200),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
  const json = process.argv.indexOf('--json');
  if (json >= 0) fs.writeFileSync(process.argv[json + 1], JSON.stringify(summary, null, 2));
  process.exit(summary.failures.length ? 1 : 0);
}

void main();
