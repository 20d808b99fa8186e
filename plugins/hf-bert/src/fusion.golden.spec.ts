import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fuseModels } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectAnchorBack, expectAnchorOutputs, largestWeightDifference, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { GoldenHead, goldenInputs, loadGoldenBert, LoadedBert } from './__tests__/golden-models';
import { FIXTURE_HEADS, headInputs, loadHeadFixture } from './__tests__/head-fixtures';
import { BertArchitecture } from './architecture';
import { register } from './register';

let container: DependencyContainer;
beforeAll(async () => {
  await useTestBackend();
  container = rootContainer.createChildContainer();
  registerOt(container);
  register(container);
});

/** Fuses `permuted` (model 0) into `anchor` by EMD on activations: the anchor must come back within 1e-5, with its outputs. */
function expectPermutationUndone(anchor: LoadedBert, permuted: LoadedBert, samples: tf.Tensor, attentionHeads: 'mixed' | 'head_aware'): void {
  expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
  const architecture = new BertArchitecture();
  const { weights } = fuseModels({ container, architecture, models: [permuted, anchor], options: { mode: 'acts', solver: 'emd', attentionHeads }, samples, batchSize: 4 });
  expectAnchorBack(weights, anchor.weights, 1e-5);
  expectAnchorOutputs(architecture, anchor.config, weights, anchor.weights, samples, 1e-5);
}

// bert-tiny-perm holds the bert-tiny models with every hidden feature, head, head dimension and
// intermediate neuron permuted by a script independent of otfuse. Aligning it (model 0) to the
// original with EMD on activations must undo every permutation.
// With head-aware alignment the heads are matched whole first: the permutation is undone too.
describe.each([
  ['mlm', 'mixed'],
  ['seqcls', 'mixed'],
  ['mlm', 'head_aware'],
  ['seqcls', 'head_aware'],
] as const)('fusing bert-tiny-perm/%s into bert-tiny (EMD, activations, attention heads %s)', (head: GoldenHead, attentionHeads) => {
  it('gives bert-tiny back within 1e-5, and its logits', () => {
    const samples = goldenInputs();
    try {
      expectPermutationUndone(loadGoldenBert('bert-tiny', head), loadGoldenBert('bert-tiny-perm', head), samples, attentionHeads);
    } finally {
      samples.dispose();
    }
  });
});

// `<head>-perm` holds the model with its residual stream, heads, head dimensions, MLP neurons and
// (where a head reads it) pooler permuted in PyTorch by `__fixtures__/heads/make-fixtures.py`.
describe.each(FIXTURE_HEADS)('fusing the permuted %s model into the original (EMD, activations)', (head) => {
  it('gives the original back within 1e-5, and its outputs', () => {
    const samples = headInputs();
    try {
      expectPermutationUndone(loadHeadFixture(head), loadHeadFixture(head, true), samples, 'mixed');
    } finally {
      samples.dispose();
    }
  });
});

// Activations of every block waiting on disk (a spill threshold of 0 bytes) change where the
// rows are kept, not what fusion computes; the temporary folder is gone when fusion returns.
describe('fusing bert-tiny-perm into bert-tiny with every block of activations on disk', () => {
  it('gives the same fused weights bit for bit, and leaves no folder behind', () => {
    const samples = goldenInputs();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bert-spill-'));
    try {
      const models = [loadGoldenBert('bert-tiny-perm', 'mlm'), loadGoldenBert('bert-tiny', 'mlm')];
      const fuse = (activationSpill?: { bytes: number; directory: string }) =>
        fuseModels({ container, architecture: new BertArchitecture(), models, options: { mode: 'acts', solver: 'sinkhorn' }, samples, batchSize: 4, activationSpill }).weights;
      const inMemory = fuse();
      const spilled = fuse({ bytes: 0, directory });
      expect([...spilled.keys()]).toEqual([...inMemory.keys()]);
      for (const [name, tensor] of inMemory) expect([name, spilled.get(name)?.data]).toEqual([name, tensor.data]);
      expect(fs.readdirSync(directory)).toEqual([]);
    } finally {
      samples.dispose();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
