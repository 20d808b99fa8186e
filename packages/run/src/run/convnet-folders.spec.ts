import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { loadMnist } from '@otfuse/data';
import { openCheckpoint } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { fuseFolders } from '../fuse-folders';
import { silentProgress } from '../progress';
import { runTraining } from './train-run';

// Model folders of a convnet, as `otfuse train` and `fuseFolders` write them: HuggingFace's dtypes.
const resnet = { model_type: 'resnet', num_channels: 1, embedding_size: 4, hidden_sizes: [4, 8], depths: [1, 1], layer_type: 'basic', num_labels: 10 };
const STEPS = 4;
let root: string;

const trainFile = (seed: number) => ({
  model: { type: 'hf-resnet', config: resnet },
  data: { dataset: 'mnist', train_samples: 64, test_samples: 32 },
  train: { seed, steps: STEPS, batch_size: 16, lr: 0.01 },
});

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
});
afterAll(removeTempFolders);

const COUNTER = 'resnet.embedder.embedder.normalization.num_batches_tracked';
const MEAN = 'resnet.embedder.embedder.normalization.running_mean';

describe('convnet model folders', () => {
  it('otfuse train: BatchNorm in training mode, batch counters I64 of shape [], the same bytes for the same file', async () => {
    const file = writeFile(root, 'train.yaml', toYaml(trainFile(1)));
    const first = await runTraining({ file, out: path.join(root, 'a'), replace: false, progress: silentProgress() });
    expect(first.summary.data.layout).toBe('chw');
    const weights = openCheckpoint(first.outputDir);
    const counters = weights.names().filter((n) => n.endsWith('.num_batches_tracked'));
    expect(counters).toHaveLength(6);
    for (const name of counters) {
      expect(weights.info(name)).toMatchObject({ dtype: 'I64', shape: [] });
      expect(Array.from(weights.read(name).data as BigInt64Array)).toEqual([BigInt(STEPS)]);
    }
    // Running statistics moved away from their initial 0 and 1; parameters stayed float32.
    expect(Array.from(weights.readAsFloat32(MEAN).data).some((v) => v !== 0)).toBe(true);
    expect(weights.info(MEAN).dtype).toBe('F32');
    weights.close();
    const again = await runTraining({ file, out: path.join(root, 'a-again'), replace: false, progress: silentProgress() });
    const bytes = (dir: string) => fs.readFileSync(path.join(dir, 'model.safetensors'));
    expect(bytes(again.outputDir)).toEqual(bytes(first.outputDir));
  });

  it("fuseFolders keeps the anchor's integer dtypes, rounding averaged counters", async () => {
    const b = await runTraining({ file: writeFile(root, 'train-b.yaml', toYaml({ ...trainFile(2), train: { seed: 2, steps: STEPS + 1, batch_size: 16, lr: 0.01 } })), out: path.join(root, 'b'), replace: false, progress: silentProgress() });
    const out = path.join(root, 'fused');
    await fuseFolders({ models: [path.join(root, 'a'), b.outputDir], data: loadMnist({ layout: 'chw' }), samples: 16, out, log: () => undefined });
    const fused = openCheckpoint(out);
    expect(fused.info(COUNTER)).toMatchObject({ dtype: 'I64', shape: [] });
    // (4 + 5) / 2 = 4.5, stored as a whole number of batches.
    expect(Array.from(fused.read(COUNTER).data as BigInt64Array)).toEqual([BigInt(5)]);
    fused.close();
  });
});
