/**
 * What the speed benches share: a measurement runs in a child process (its own peak RSS, and a
 * crash is a result, not the bench's end) and prints one JSON line; PyTorch's side is a Python
 * script beside the bench, run with `OTFUSE_BENCH_PYTHON` (default `python3`).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import path from 'node:path';

/** One side's figure: examples per second, what ran, the process's peak RSS. */
export interface Measured {
  perSecond: number;
  engine: string;
  maxRssGiB: number;
}

/** In the child: prints the measurement as the parent reads it. */
export function printMeasured(perSecond: number, engine: string): void {
  const measured: Measured = { perSecond, engine, maxRssGiB: process.resourceUsage().maxRSS / 1024 ** 2 };
  console.log(JSON.stringify(measured));
}

/** The result of a child run, or the reason it has none. */
export type Side = { measured: Measured } | { failure: string };

function sideOf(child: SpawnSyncReturns<string>, failure: () => string): Side {
  if (child.status === 0) {
    try {
      return { measured: JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Measured };
    } catch {
      // No JSON line: reported as a failure below.
    }
  }
  return { failure: failure() };
}

/** Runs `file --child ...args` under swc with `env` added; its last stdout line is the measurement. */
export function runOtfuseChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Side {
  const child = spawnSync(process.execPath, ['-r', '@swc-node/register', file, '--child', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  // The error's own line, not the last frame of its stack.
  const reason = child.stderr.trim().split('\n').filter((line) => !/^\s+at /.test(line)).pop() ?? '';
  return sideOf(child, () => `failed (exit ${child.status}${child.signal ? `, ${child.signal}` : ''}): ${reason.slice(0, 160)}`);
}

/** Runs PyTorch's side, `bench/<script> ...args`. */
export function runPyTorch(script: string, args: readonly string[]): Side {
  const python = process.env.OTFUSE_BENCH_PYTHON ?? 'python3';
  const file = path.join(__dirname, script);
  const child = spawnSync(python, [file, ...args], { encoding: 'utf8' });
  return sideOf(child, () => `not measured (${python} ${file} ${args.join(' ')} needs torch and transformers)`);
}

/** One line per side: the rate, the peak RSS and what ran, or why there is no figure. */
export function describeSide(side: Side, unit: string): string {
  if ('failure' in side) return side.failure;
  const { perSecond, maxRssGiB, engine } = side.measured;
  return `${perSecond.toFixed(2)} ${unit}/s, peak RSS ${maxRssGiB.toFixed(2)} GiB (${engine})`;
}

/** `otfuse / PyTorch ×r` when both sides measured, else empty. */
export function ratioText(ours: Side, theirs: Side): string {
  return 'measured' in ours && 'measured' in theirs ? `×${(ours.measured.perSecond / theirs.measured.perSecond).toFixed(2)} PyTorch's` : '';
}
