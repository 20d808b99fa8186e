/**
 * The paper's own model size, end to end: two seeded ViTs (otfuse's init, different seeds) and
 * 1,000 inputs are written to a temporary folder, the paper's default experiment file runs
 * through `otfuse fuse` in a child process, and each stage's time, evaluation images/s and
 * the child's peak RSS are printed, next to the paper's code on the same kind of machine. The
 * paper-size model runs twice: with the figures off (the paper's code draws none, so the
 * comparison leaves them out) and with the paper's file as it is, figures on, to show the share
 * of the run the landscape and the barrier take.
 * Run: npm run bench (from packages/cli), or `node -r @swc-node/register bench/paper-size.bench.ts [case…]`.
 * `OTFUSE_BENCH_CHILD_ARGS` passes node options to the run's process, e.g. `--cpu-prof
 * --cpu-prof-dir=/tmp/profiles` for a CPU profile of the run.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initVit, normalizeVitConfig, vitConfigJson } from '@otfuse/hf-vit';
import { writeSafetensors } from '@otfuse/io';
import { SeededRandom } from '@otfuse/extension';
import { writeParentFolders } from './parent-folders';
import type { RunFuseOutcome } from './run-fuse';

interface BenchCase {
  name: string;
  hidden: number;
  layers: number;
  heads: number;
  mlp: number;
  /** Peak RSS target. */
  rssGiB: number;
  /** Whether the landscape and the barrier are drawn: the paper's file as it is; otherwise `report.landscape.grid: 0`. */
  figures: boolean;
}

export const CASES: readonly BenchCase[] = [
  { name: 'paper-size', hidden: 384, layers: 7, heads: 12, mlp: 1536, rssGiB: 2, figures: false },
  { name: 'paper-size-figures', hidden: 384, layers: 7, heads: 12, mlp: 1536, rssGiB: 2, figures: true },
  { name: 'bert-base-width', hidden: 768, layers: 12, heads: 12, mlp: 3072, rssGiB: 4, figures: false },
];
const INPUTS = 1000;

/** The landscape and the barrier may take at most this share of the other stages' time. */
const FIGURES_SHARE_TARGET = 0.25;

/** The paper's code on this kind of machine (2 cores, torch 2.13, POT 0.9.7), paper-size case. */
const PAPER_CODE = { totalSeconds: 95, activationsAndFusionSeconds: 45.5, evalImagesPerSecond: 95, rssGiB: 12.5 };

/** Turns the figures off: the paper's code draws no landscape, so the comparison with it leaves them out. */
const FIGURES_OFF = `# otfuse's own: the paper's code draws no landscape, so the comparison leaves it out.
report:
  landscape: { grid: 0 }
`;

function experimentYaml(dir: string, figures: boolean): string {
  return `# The paper's default experiment file; only the model and data paths are ours.
model:
  name_0: ${path.join(dir, 'parent0')}
  name_1: ${path.join(dir, 'parent1')}
  dataset: ${path.join(dir, 'inputs.safetensors')}
  type: hf_vit
fusion:
  num_models: 2
  type: acts
  resid_policy: mean
  fuse_src_embed: True
  fuse_sa: True
  qk_fusion: separate
  fuse_norm: True
  fuse_fc: True
  fuse_bias: True
  fuse_gen: True
  ot_solver: sinkhorn
  sinkhorn_reg: 0.08
  gnd_metric: { type: euclidean, norm: max, reg: 0.01, mem_eff: True, squared: False, clip: False, clip_min: 5.0, clip_max: 0.0 }
  acts: { num_samples: 200, seq_pos: -1, seq_filter: window_6, avg_seq_items: False, loss_thres: False, mode: raw, pre_relu: True, seed: 0, std: True, center: True, norm: True }
  wts: { norm: True }
regression:
  only_eval_ot: False
data:
  params:
    num_classes: 10
${figures ? '' : FIGURES_OFF}`;
}

function writeInputs(file: string): void {
  const random = new SeededRandom(7);
  const pixels = new Float32Array(INPUTS * 3 * 32 * 32);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random.nextNormal();
  const labels = BigInt64Array.from({ length: INPUTS }, (_, i) => BigInt(i % 10));
  writeSafetensors(file, { pixel_values: { dtype: 'F32', shape: [INPUTS, 3, 32, 32], data: pixels }, labels: { dtype: 'I64', shape: [INPUTS], data: labels } });
}

/** Writes the two parents, the inputs and the experiment file of case `c` into `dir`; returns the file. */
export function prepare(c: BenchCase, dir: string): string {
  const config = normalizeVitConfig({
    model_type: 'vit',
    architectures: ['ViTForImageClassification'],
    hidden_size: c.hidden,
    num_hidden_layers: c.layers,
    num_attention_heads: c.heads,
    intermediate_size: c.mlp,
    image_size: 32,
    patch_size: 4,
    num_channels: 3,
    num_labels: 10,
  });
  writeParentFolders(dir, vitConfigJson(config), (seed) => initVit(config, seed));
  writeInputs(path.join(dir, 'inputs.safetensors'));
  const file = path.join(dir, 'fuse.yaml');
  fs.writeFileSync(file, experimentYaml(dir, c.figures));
  return file;
}

function runCase(c: BenchCase): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `otfuse-bench-${c.name}-`));
  try {
    const file = prepare(c, dir);
    const child = spawnSync(process.execPath, [...(process.env.OTFUSE_BENCH_CHILD_ARGS ? process.env.OTFUSE_BENCH_CHILD_ARGS.split(' ') : []), '-r', '@swc-node/register', path.join(__dirname, 'run-fuse.ts'), file, path.join(dir, 'run')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      console.log(`${c.name}: otfuse fuse exited with ${child.status}${child.signal ? ` (${child.signal})` : ''}`);
      process.exitCode = 1;
      return;
    }
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop() as string) as RunFuseOutcome;
    report(c, outcome);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(c: BenchCase, o: RunFuseOutcome): void {
  const t = o.timings;
  // OT's own seconds, as the paper's code is timed; the other methods' beside them.
  const ot = o.methods.find((m) => m.id === 'ot')?.seconds ?? { activations: 0, fusion: 0 };
  const others = o.methods.filter((m) => m.id !== 'ot').map((m): [string, string, string] => [`${m.id} (s)`, (m.seconds.activations + m.seconds.fusion).toFixed(1), '']);
  const evaluated = o.modelsEvaluated * o.testExamples;
  const imagesPerSecond = evaluated / t.evaluation;
  const rssGiB = o.maxRssBytes / 1024 ** 3;
  const paper = c.name === 'paper-size';
  const otherSeconds = t.total - t.figures;
  const share = t.figures / otherSeconds;
  const rows: [string, string, string][] = [
    ['backend', o.backend, ''],
    ['load + data + probe (s)', (t.load + t.data).toFixed(1), ''],
    ['activations (s)', ot.activations.toFixed(1), ''],
    ['fusion (s)', ot.fusion.toFixed(1), ''],
    ['activations + fusion (s)', (ot.activations + ot.fusion).toFixed(1), paper ? `paper's code ${PAPER_CODE.activationsAndFusionSeconds} s: ×${(PAPER_CODE.activationsAndFusionSeconds / (ot.activations + ot.fusion)).toFixed(2)}` : ''],
    ...others,
    [`evaluation, ${o.modelsEvaluated} × ${o.testExamples} (s)`, t.evaluation.toFixed(1), ''],
    ['evaluation (images/s)', imagesPerSecond.toFixed(1), paper ? `paper's code ${PAPER_CODE.evalImagesPerSecond}: ×${(imagesPerSecond / PAPER_CODE.evalImagesPerSecond).toFixed(2)}` : ''],
    ['writing (s)', t.writing.toFixed(1), ''],
    ...(c.figures
      ? ([
          ['landscape + barrier (s)', t.figures.toFixed(1), o.landscape ?? ''],
          ['other stages (s)', otherSeconds.toFixed(1), ''],
          ['figures / other stages', `${(100 * share).toFixed(1)}%`, `target ≤ ${100 * FIGURES_SHARE_TARGET}%${share <= FIGURES_SHARE_TARGET ? ' (met)' : ' (MISSED)'}`],
        ] as [string, string, string][])
      : []),
    ['total (s)', t.total.toFixed(1), paper ? `paper's code ~${PAPER_CODE.totalSeconds} s: ×${(PAPER_CODE.totalSeconds / t.total).toFixed(2)}` : ''],
    ['peak RSS (GiB)', rssGiB.toFixed(2), `target ≤ ${c.rssGiB}${rssGiB <= c.rssGiB ? ' (met)' : ' (MISSED)'}${paper ? `; paper's code ${PAPER_CODE.rssGiB}` : ''}`],
  ];
  console.log(
    `\n${c.name}: ViT hidden ${c.hidden}, ${c.layers} layers, ${c.heads} heads, MLP ${c.mlp}, 65 tokens; 200 activation samples, window_6, Sinkhorn 0.08; ` +
      (c.figures ? "the paper's file as it is (figures on)" : 'figures off'),
  );
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(34)} ${value.padStart(8)}  ${note}`);
}

if (require.main === module) {
  const wanted = process.argv.slice(2);
  for (const c of CASES) if (wanted.length === 0 || wanted.includes(c.name)) runCase(c);
}
