import * as tf from '@tensorflow/tfjs';
import { FusionOptionsInput, HostTensor, InMemoryWeights, fuseModels, vanillaFusion } from '@otfuse/core';
import { Dataset, firstN, getAll, loadMnist, subset } from '@otfuse/data';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { evaluate, train } from '@otfuse/train';
import { createContainer, modelTask, Progress, trainable } from '@otfuse/run';

/** OTFusion's classic experiment: two MLPs on MNIST from different seeds, fused one-shot. */
export interface OtfusionMnistOptions {
  /** Training examples per parent (a seeded subset of the 60k; 60000 = all). */
  trainSize: number;
  /** Test examples evaluated (the first n of the 10k test split). */
  testSize: number;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Hidden widths of both parents (the anchor's shapes win). */
  hidden: number[];
  /** Hidden widths of a wider parent fused into the anchor (heterogeneous fusion); empty to skip. */
  wideHidden: number[];
  /** Seeds of model 0 and of the anchor (initialisation and batch order). */
  seeds: [number, number];
  /** Training examples whose activations describe neurons. */
  activationSamples: number;
  sinkhornReg: number;
}

export const OTFUSION_MNIST_DEFAULTS: OtfusionMnistOptions = {
  trainSize: 60000,
  testSize: 10000,
  epochs: 3,
  batchSize: 128,
  lr: 1e-3,
  hidden: [400, 200, 100],
  wideHidden: [800, 400, 200],
  seeds: [1, 2],
  activationSamples: 400,
  sinkhornReg: 0.01,
};

export interface ResultRow {
  model: string;
  accuracy: number;
  loss: number;
  seconds: number;
}

export async function runOtfusionMnist(options: OtfusionMnistOptions, progress: Progress): Promise<ResultRow[]> {
  const architecture = new MlpArchitecture();
  const container = createContainer();

  const trainSet = options.trainSize >= 60000 ? loadMnist({ split: 'train' }) : subset(loadMnist({ split: 'train' }), options.trainSize, 0);
  const testSet = firstN(loadMnist({ split: 'test' }), options.testSize);
  const config = (hidden: number[]): MlpConfig => ({ inputSize: 784, hiddenSizes: hidden, numLabels: 10, activation: 'relu', bias: true });
  const anchorConfig = config(options.hidden);
  const rows: ResultRow[] = [];

  const trainParent = async (label: string, cfg: MlpConfig, seed: number) => {
    const done = progress.stage(`train ${label} (${cfg.hiddenSizes.join('-')}, seed ${seed}, ${trainSet.size} examples × ${options.epochs} epochs)`);
    const model = trainable(architecture, cfg, architecture.init(cfg, seed));
    await train(model, trainSet, {
      task: modelTask(architecture, cfg, container),
      epochs: options.epochs,
      batchSize: options.batchSize,
      lr: options.lr,
      seed,
      onProgress: (e) => progress.line(`    step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)}`),
    });
    const weights = model.snapshot();
    model.dispose();
    done();
    return weights;
  };

  const score = async (label: string, cfg: MlpConfig, weights: Map<string, HostTensor>, seconds: number) => {
    const model = trainable(architecture, cfg, weights);
    const result = await evaluate(model, testSet, { task: modelTask(architecture, cfg, container) });
    model.dispose();
    rows.push({ model: label, accuracy: result.accuracy, loss: result.loss, seconds });
    progress.line(`    ${label}: accuracy ${(100 * result.accuracy).toFixed(2)}%`);
  };

  const parent0 = await trainParent('model 0', anchorConfig, options.seeds[0]);
  const anchor = await trainParent('anchor', anchorConfig, options.seeds[1]);
  await score('parent 0', anchorConfig, parent0, 0);
  await score('anchor (parent 1)', anchorConfig, anchor, 0);

  const samples = inputsOf(firstN(trainSet, options.activationSamples));
  const fuse = (label: string, first: { cfg: MlpConfig; weights: Map<string, HostTensor> }, fusion: FusionOptionsInput) => {
    const done = progress.stage(`fuse: ${label}`);
    const result = fuseModels({
      container,
      architecture,
      models: [
        { config: first.cfg, weights: new InMemoryWeights(first.weights) },
        { config: anchorConfig, weights: new InMemoryWeights(anchor) },
      ],
      options: fusion,
      samples,
    });
    return { weights: result.weights, seconds: done() };
  };

  const cases: [string, FusionOptionsInput][] = [
    ['OT fusion (activations, EMD)', { mode: 'acts', solver: 'emd' }],
    ['OT fusion (weights, EMD)', { mode: 'wts', solver: 'emd' }],
    [`OT fusion (activations, Sinkhorn ${options.sinkhornReg})`, { mode: 'acts', solver: 'sinkhorn', sinkhornReg: options.sinkhornReg }],
  ];
  for (const [label, fusion] of cases) {
    const fused = fuse(label, { cfg: anchorConfig, weights: parent0 }, fusion);
    await score(label, anchorConfig, fused.weights, fused.seconds);
  }
  const vfDone = progress.stage('fuse: vanilla averaging');
  const vanilla = vanillaFusion([new InMemoryWeights(parent0), new InMemoryWeights(anchor)]);
  await score('vanilla fusion (average)', anchorConfig, vanilla, vfDone());

  if (options.wideHidden.length) {
    const wideConfig = config(options.wideHidden);
    const wide = await trainParent('wide model', wideConfig, options.seeds[0] + 100);
    await score(`wide parent (${options.wideHidden.join('-')})`, wideConfig, wide, 0);
    const fused = fuse('wide → anchor (activations, EMD)', { cfg: wideConfig, weights: wide }, { mode: 'acts', solver: 'emd' });
    await score(`OT fusion wide → anchor widths (activations, EMD)`, anchorConfig, fused.weights, fused.seconds);
  }
  samples.dispose();
  return rows;
}

function inputsOf(dataset: Dataset): tf.Tensor {
  const batch = getAll(dataset);
  return tf.tensor(batch.x, batch.shape, 'float32');
}

export function formatTable(rows: ResultRow[]): string {
  const width = Math.max(...rows.map((r) => r.model.length), 5);
  const lines = [`${'model'.padEnd(width)}  accuracy   loss    fuse time`, `${'-'.repeat(width)}  --------  ------  ---------`];
  for (const r of rows) {
    lines.push(`${r.model.padEnd(width)}  ${(100 * r.accuracy).toFixed(2).padStart(7)}%  ${r.loss.toFixed(3).padStart(6)}  ${r.seconds ? `${r.seconds.toFixed(2)} s` : ''}`);
  }
  return lines.join('\n');
}
