/**
 * The reference library (POT with NumPy) timed in a Python child process next to our runs, so
 * that both sides see the same machine load. Python is optional: without it the benchmark says
 * how to get it and times our side only.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const SCRIPT = join(__dirname, 'pot-reference.py');

export const POT_SETUP_COMMAND =
  'python3 -m venv /tmp/venv-pot && /tmp/venv-pot/bin/pip install POT numpy && ' +
  'BENCH_PYTHON=/tmp/venv-pot/bin/python npm run bench';

export interface ReferenceRun {
  seconds: number;
  /** Sinkhorn updates made (null for EMD). */
  iterations: number | null;
  version: string;
}

export class PotReference {
  private readonly lines: AsyncIterator<string>;
  private readonly folder = mkdtempSync(join(tmpdir(), 'ot-bench-'));
  private costFile = '';

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    reader: Interface,
  ) {
    this.lines = reader[Symbol.asyncIterator]();
  }

  /** Starts the reference process, or returns undefined when `python` cannot import ot and numpy. */
  static start(python: string): PotReference | undefined {
    const probe = spawnSync(python, ['-c', 'import ot, numpy'], { encoding: 'utf8' });
    if (probe.status !== 0) return undefined;
    const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new PotReference(child, createInterface({ input: child.stdout }));
  }

  /** Hands over the cost of the next problems (row-major float32). */
  setCost(cost: Float32Array): void {
    this.costFile = join(this.folder, 'cost.f32');
    writeFileSync(this.costFile, new Uint8Array(cost.buffer, cost.byteOffset, cost.byteLength));
  }

  async run(job: 'sinkhorn' | 'emd', n0: number, n1: number, reg = 0): Promise<ReferenceRun> {
    return this.request({ job, cost: this.costFile, n0, n1, reg, plan: null });
  }

  /** The reference's plan for the current cost (not timed by the caller). */
  async plan(job: 'sinkhorn' | 'emd', n0: number, n1: number, reg = 0): Promise<Float64Array> {
    const file = join(this.folder, 'plan.f64');
    await this.request({ job, cost: this.costFile, n0, n1, reg, plan: file });
    const bytes = readFileSync(file);
    return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }

  close(): void {
    this.child.stdin.end();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async request(body: object): Promise<ReferenceRun> {
    this.child.stdin.write(`${JSON.stringify(body)}\n`);
    const answer = await this.lines.next();
    if (answer.done) throw new Error('the reference process ended early (see its error above)');
    return JSON.parse(answer.value) as ReferenceRun;
  }
}
