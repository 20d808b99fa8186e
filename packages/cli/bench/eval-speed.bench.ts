/**
 * Evaluation at the sizes users hold, otfuse's `evaluate` (the forward pass and its scores
 * compiled into one onnxruntime graph) next to PyTorch on the same model in the same run, when
 * a Python with torch and transformers is found (`OTFUSE_BENCH_PYTHON`, else `python3`):
 * - `bert-base-mlm`: `BertForMaskedLM`, hidden 768, 12 layers, vocabulary 30,522, 128-token
 *   sequences, 15% of positions labelled, batch 16;
 * - `vit-b16`: `ViTForImageClassification` at 224 px, patch 16 (197 tokens), 1,000 classes, batch 16.
 * otfuse's rate counts the whole `evaluate` call, compiling included; PyTorch's leaves out one
 * warm-up batch. `BENCH_BATCHES` sets the number of batches (default: the case's). Each side
 * runs in its own child process; peak RSS is the child's.
 * Run: `node -r @swc-node/register bench/eval-speed.bench.ts [case…]` from packages/cli.
 */
import 'reflect-metadata';
import { initBackend } from '@otfuse/backend';
import { ArrayDataset, IGNORE_LABEL, type Dataset } from '@otfuse/data';
import { SeededRandom } from '@otfuse/extension';
import { BertArchitecture, initBert } from '@otfuse/hf-bert';
import { VitArchitecture, initVit } from '@otfuse/hf-vit';
import { evaluate } from '@otfuse/train';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { modelTask, trainable } from '@otfuse/run';
import { BERT_BASE, VIT_B16 } from './real-size-models';
import { describeSide, printMeasured, ratioText, runOtfuseChild, runPyTorch } from './side-by-side';

const BATCH = 16;

interface BenchCase {
  /** Examples per second is per sequence or per image. */
  unit: string;
  /** Batches evaluated unless `BENCH_BATCHES` says otherwise. */
  batches: number;
  make(): { architecture: ArchitecturePlugin; config: unknown; weights: Record<string, HostTensor>; data: Dataset };
}

const CASES: Record<string, BenchCase> = {
  'bert-base-mlm': {
    unit: 'sequences',
    // 1,008 sequences: the real-size case's 1,000 for evaluation, in whole batches.
    batches: 63,
    make() {
      const length = 128;
      const config = BERT_BASE;
      const count = BATCH * batchesOf(this);
      const random = new SeededRandom(3);
      const x = new Float32Array(count * 3 * length);
      const y = new Int32Array(count * length).fill(IGNORE_LABEL);
      for (let s = 0; s < count; s++) {
        for (let t = 0; t < length; t++) {
          x[(s * 3) * length + t] = random.nextInt(30522);
          x[(s * 3 + 1) * length + t] = 1;
          if (random.nextFloat() < 0.15) y[s * length + t] = random.nextInt(30522);
        }
      }
      const data = new ArrayDataset({ name: 'random tokens', split: 'test', inputShape: [3, length], numClasses: 30522, x, y, labelShape: [length] });
      return { architecture: new BertArchitecture(), config, weights: initBert(config, 1), data };
    },
  },
  'vit-b16': {
    unit: 'images',
    // Both sides evaluate about 4 images/s here. otfuse's time includes compiling (tracing and
    // checking the graph on a few images in tfjs, several seconds at this size), which a run
    // pays once per model of 1,000 images: 480 images weigh it about as a run does, at about
    // two minutes a side (at 160 it alone cost otfuse about 10% of its rate).
    batches: 30,
    make() {
      const config = VIT_B16;
      const count = BATCH * batchesOf(this);
      const random = new SeededRandom(3);
      const x = Float32Array.from({ length: count * 3 * 224 * 224 }, () => random.nextNormal());
      const y = Int32Array.from({ length: count }, (_, i) => i % 1000);
      const data = new ArrayDataset({ name: 'random images', split: 'test', inputShape: [3, 224, 224], numClasses: 1000, x, y });
      return { architecture: new VitArchitecture(), config, weights: initVit(config, 1), data };
    },
  },
};

function batchesOf(c: BenchCase): number {
  return process.env.BENCH_BATCHES ? Number(process.env.BENCH_BATCHES) : c.batches;
}

/** In the child: one `evaluate` over every batch, timed whole. */
async function measure(name: string): Promise<void> {
  await initBackend({ log: () => undefined });
  const { architecture, config, weights, data } = CASES[name].make();
  const model = trainable(architecture, config, weights);
  let engine = '';
  const started = performance.now();
  await evaluate(model, data, { task: modelTask(architecture, config), batchSize: BATCH, onForward: (e) => (engine = e.engine === 'tfjs' ? `tfjs (${e.reason})` : `onnxruntime-node, ${e.kernels} kernels`) });
  const seconds = (performance.now() - started) / 1000;
  printMeasured(data.size / seconds, engine);
}

function main(): void {
  const wanted = process.argv.slice(2);
  for (const name of wanted.length > 0 ? wanted : Object.keys(CASES)) {
    const { unit } = CASES[name];
    const batches = batchesOf(CASES[name]);
    const ours = runOtfuseChild(__filename, [name]);
    const torch = runPyTorch('eval_speed_torch.py', [name, String(BATCH), String(batches)]);
    console.log(`${name}, batch ${BATCH}, ${batches} batches`);
    console.log(`  otfuse   ${describeSide(ours, unit)}`);
    console.log(`  PyTorch  ${describeSide(torch, unit)}`);
    const ratio = ratioText(ours, torch);
    if (ratio) console.log(`  otfuse: ${ratio}`);
  }
}

if (process.argv[2] === '--child') {
  measure(process.argv[3]).catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
} else main();
