/**
 * A whole `otfuse fuse` run at a size users hold, with the default settings. Two cases:
 * - `bert-base-mlm` (default): two BERT-base masked LMs (BertForMaskedLM, hidden 768, 12 layers,
 *   12 heads, intermediate 3072, vocabulary 30,522; otfuse's init, seeds 100 and 101) and a
 *   tensors file of 1,200 seeded random sequences of 128 tokens with 15% of the tokens masked;
 * - `vit-b16`: two ViT-B/16 classifiers (224 px in patches of 16, 197 tokens, 1,000 labels;
 *   seeds 100 and 101) and a tensors file of 1,200 seeded standard-normal images with random labels.
 * The models are written as `transformers` writes them. The experiment file names the models, the
 * file and `data.test_samples: 1000`, nothing else: the defaults capture 200 examples, fuse with
 * Sinkhorn, evaluate the parents and both fusions on 1,000 examples and draw the landscape and
 * the barrier within their time budget. The run is a child process (`run-fuse.ts`); each stage's
 * time, the child's peak RSS and what holds memory after each stage are printed. Each case takes
 * about 20–25 minutes here (evaluating 4,000 examples dominates). Run (from
 * packages/cli): `node -r @swc-node/register bench/real-size-run.bench.ts [bert-base-mlm|vit-b16 …]`
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededRandom } from '@otfuse/extension';
import { bertConfigJson, initBert } from '@otfuse/hf-bert';
import { initVit, vitConfigJson } from '@otfuse/hf-vit';
import type { HostTensor } from '@otfuse/core';
import { writeSafetensors } from '@otfuse/io';
import { writeParentFolders } from './parent-folders';
import { BERT_BASE, VIT_B16 } from './real-size-models';
import type { RunFuseOutcome } from './run-fuse';

/** Examples in each data file: 200 captured and 1,000 evaluated are drawn from them. */
const SEQUENCES = 1200;
const LENGTH = 128;
const MASKED_SHARE = 0.15;
const RSS_TARGET_GIB = 4;
const MASK_ID = 103;

/** `[CLS] words… [SEP]` with 15% of the words replaced by `[MASK]` and labelled with the word; -100 elsewhere. */
function writeSequences(file: string): void {
  const random = new SeededRandom(7);
  const ids = new BigInt64Array(SEQUENCES * LENGTH);
  const labels = new BigInt64Array(SEQUENCES * LENGTH).fill(-100n);
  for (let s = 0; s < SEQUENCES; s++) {
    for (let t = 0; t < LENGTH; t++) {
      const at = s * LENGTH + t;
      if (t === 0 || t === LENGTH - 1) {
        ids[at] = t === 0 ? 101n : 102n;
        continue;
      }
      const word = BigInt(1000 + random.nextInt(BERT_BASE.vocabSize - 1000));
      const masked = random.nextFloat() < MASKED_SHARE;
      ids[at] = masked ? BigInt(MASK_ID) : word;
      if (masked) labels[at] = word;
    }
  }
  const shape = [SEQUENCES, LENGTH];
  writeSafetensors(file, { input_ids: { dtype: 'I64', shape, data: ids }, labels: { dtype: 'I64', shape, data: labels } });
}

/** Seeded standard-normal `pixel_values [N, 3, 224, 224]` and random labels of 1,000 classes. */
function writeImages(file: string): void {
  const random = new SeededRandom(7);
  const size = VIT_B16.imageSize;
  const pixels = new Float32Array(SEQUENCES * 3 * size * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random.nextNormal();
  const labels = BigInt64Array.from({ length: SEQUENCES }, () => BigInt(random.nextInt(VIT_B16.numLabels)));
  writeSafetensors(file, { pixel_values: { dtype: 'F32', shape: [SEQUENCES, 3, size, size], data: pixels }, labels: { dtype: 'I64', shape: [SEQUENCES], data: labels } });
}

/** A whole-run case: its models and data, the plugin type naming them, what one example is. */
interface RunCase {
  readonly title: string;
  readonly type: string;
  readonly unit: 'sequences' | 'images';
  readonly dataFile: string;
  readonly configJson: Readonly<Record<string, unknown>>;
  init(seed: number): Record<string, HostTensor>;
  writeData(file: string): void;
  /** The bench that measures PyTorch's evaluation of the same model. */
  readonly pytorch: string;
}

const CASES: Record<string, RunCase> = {
  'bert-base-mlm': {
    title: `BertForMaskedLM at BERT-base size, ${LENGTH} tokens`,
    type: 'hf_bert',
    unit: 'sequences',
    dataFile: 'sequences.safetensors',
    configJson: bertConfigJson(BERT_BASE),
    init: (seed) => initBert(BERT_BASE, seed),
    writeData: writeSequences,
    pytorch: '`bench/eval-speed.bench.ts bert-base-mlm` measures both evaluations in one run',
  },
  'vit-b16': {
    title: 'ViTForImageClassification at ViT-B/16 size, 224 px (197 tokens), 1,000 labels',
    type: 'hf_vit',
    unit: 'images',
    dataFile: 'images.safetensors',
    configJson: vitConfigJson(VIT_B16),
    init: (seed) => initVit(VIT_B16, seed),
    writeData: writeImages,
    pytorch: '`bench/eval-speed.bench.ts vit-b16` measures both evaluations in one run',
  },
};

function prepare(dir: string, runCase: RunCase): string {
  writeParentFolders(dir, runCase.configJson, runCase.init);
  runCase.writeData(path.join(dir, runCase.dataFile));
  const file = path.join(dir, 'fuse.yaml');
  fs.writeFileSync(file, ['model:', '  name_0: parent0', '  name_1: parent1', `  dataset: ${runCase.dataFile}`, `  type: ${runCase.type}`, 'data:', '  test_samples: 1000', ''].join('\n'));
  return file;
}

function runOne(name: string, runCase: RunCase): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `otfuse-bench-${name}-run-`));
  try {
    const file = prepare(dir, runCase);
    const child = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'run-fuse.ts'), file, path.join(dir, 'run')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      console.log(`${name}: otfuse fuse exited with ${child.status}${child.signal ? ` (${child.signal})` : ''}`);
      process.exitCode = 1;
      return;
    }
    const o = JSON.parse(child.stdout.trim().split('\n').pop() as string) as RunFuseOutcome;
    const t = o.timings;
    const ot = o.methods.find((m) => m.id === 'ot')?.seconds ?? { activations: 0, fusion: 0 };
    const rssGiB = o.maxRssBytes / 1024 ** 3;
    const rows: [string, string][] = [
      ['backend', o.backend],
      ['load + data + probe (s)', (t.load + t.data).toFixed(1)],
      ['activations (s)', ot.activations.toFixed(1)],
      ['fusion (s)', ot.fusion.toFixed(1)],
      [`evaluation, ${o.modelsEvaluated} × ${o.testExamples} (s)`, t.evaluation.toFixed(1)],
      [`evaluation (${runCase.unit}/s)`, ((o.modelsEvaluated * o.testExamples) / t.evaluation).toFixed(2)],
      ['landscape + barrier (s)', `${t.figures.toFixed(1)}${o.landscape ? `  ${o.landscape}` : ''}`],
      ['writing (s)', t.writing.toFixed(1)],
      ['total (s)', t.total.toFixed(1)],
      ['peak RSS (GiB)', `${rssGiB.toFixed(2)}  target ≤ ${RSS_TARGET_GIB} (${rssGiB <= RSS_TARGET_GIB ? 'met' : 'MISSED'})`],
    ];
    console.log(`\n${name}: ${runCase.title}; the default settings, evaluation on 1,000 ${runCase.unit}`);
    for (const [label, value] of rows) console.log(`  ${label.padEnd(38)} ${value}`);
    console.log(`  PyTorch on the same model: ${runCase.pytorch}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const wanted = process.argv.slice(2);
  for (const name of wanted.length > 0 ? wanted : Object.keys(CASES)) {
    const runCase = CASES[name];
    if (runCase === undefined) throw new Error(`unknown case '${name}'; cases: ${Object.keys(CASES).join(', ')}`);
    runOne(name, runCase);
  }
}

main();
