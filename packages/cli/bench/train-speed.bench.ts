/**
 * Training the paper's ViT (hidden 384, 7 layers, 12 heads, MLP 1536, 65 tokens; AdamW) with
 * `train`, each engine in its own child process: the step compiled into one onnxruntime graph
 * and the tfjs kernels, at batch 32 and 64, next to PyTorch on the same model in the same run
 * when a Python with torch and transformers is found (`OTFUSE_BENCH_PYTHON`, else `python3`).
 * images/s counts steps 7–16 (the difference between the 16th and the 6th step's time), so
 * compiling and warming up are left out as in PyTorch's figure. Peak RSS is the child's.
 * Run: `node -r @swc-node/register bench/train-speed.bench.ts [batch…]` from packages/cli.
 */
import 'reflect-metadata';
import { initBackend } from '@otfuse/backend';
import type { Dataset } from '@otfuse/data';
import { VitArchitecture, initVit, normalizeVitConfig } from '@otfuse/hf-vit';
import { train } from '@otfuse/train';
import { modelTask, trainable } from '@otfuse/run';
import { describeSide, printMeasured, ratioText, runOtfuseChild, runPyTorch } from './side-by-side';

const BATCHES = [32, 64];
const TIMED_FROM_STEP = 6;
const STEPS = 16;
const ENGINES = { compiled: '1', tfjs: '0' } as const;

const CONFIG = { model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 384, num_hidden_layers: 7, num_attention_heads: 12, intermediate_size: 1536, image_size: 32, patch_size: 4, num_channels: 3, num_labels: 10 };

/** Random images and labels; `get` builds each batch as a data set does. */
function randomImages(size: number): Dataset {
  const perImage = 3 * 32 * 32;
  return {
    name: 'random',
    split: 'train',
    size,
    numClasses: 10,
    labelShape: [],
    get(indices: Int32Array) {
      const x = new Float32Array(indices.length * perImage);
      for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.731 + indices[Math.floor(i / perImage)]);
      return { x, y: Int32Array.from(indices, (i) => i % 10), shape: [indices.length, 3, 32, 32], count: indices.length };
    },
  } as unknown as Dataset;
}

/** In the child: trains and prints one JSON line. */
async function measure(batch: number): Promise<void> {
  await initBackend();
  const architecture = new VitArchitecture();
  const config = normalizeVitConfig(CONFIG);
  const model = trainable(architecture, config, initVit(config, 1));
  const at = new Map<number, number>();
  const history = await train(model, randomImages(batch * STEPS), {
    task: modelTask(architecture, config),
    batchSize: batch,
    steps: STEPS,
    seed: 1,
    lr: 1e-3,
    weightDecay: 0.01,
    progressEvery: 1,
    onProgress: (event) => at.set(event.step, event.elapsedMs),
  });
  const seconds = ((at.get(STEPS) as number) - (at.get(TIMED_FROM_STEP) as number)) / 1000;
  const engine = history.engine.engine === 'tfjs' ? `tfjs (${history.engine.reason})` : `onnxruntime-node, ${history.engine.kernels} kernels`;
  printMeasured(((STEPS - TIMED_FROM_STEP) * batch) / seconds, engine);
  model.dispose();
}

function main(): void {
  const wanted = process.argv.slice(2).map(Number);
  console.log(`Training the paper's ViT (384 × 7, MLP 1536, 65 tokens, AdamW), images/s over steps ${TIMED_FROM_STEP + 1}–${STEPS}`);
  for (const batch of wanted.length > 0 ? wanted : BATCHES) {
    const [compiled, tfjs] = (['compiled', 'tfjs'] as const).map((engine) => runOtfuseChild(__filename, [String(batch)], { OTFUSE_NATIVE_TRAIN: ENGINES[engine] }));
    const torch = runPyTorch('train_speed_torch.py', [String(batch), String(TIMED_FROM_STEP), String(STEPS)]);
    const ratio = ratioText(compiled, torch);
    console.log(`batch ${batch}\n  otfuse, compiled step  ${describeSide(compiled, 'images')}${ratio ? ` (${ratio})` : ''}\n  otfuse, tfjs kernels   ${describeSide(tfjs, 'images')}\n  PyTorch                ${describeSide(torch, 'images')}`);
  }
}

if (process.argv[2] === '--child') {
  measure(Number(process.argv[3])).catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
} else main();
