import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { HostTensor, InMemoryWeights, fuseModels, loadAll } from '@otfuse/core';
import { readModelFolder, writeModelFolder } from '@otfuse/io';
import { register as registerOt } from '@otfuse/ot';
import { expectAnchorBack, expectClose, goldenPath, largestWeightDifference, tensorsWeightMatchingMisses, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { goldenClmInputs, loadGoldenGpt2 } from './__tests__/golden-models';
import { GPT2_SIDE_FILES, Gpt2Architecture } from './architecture';
import { gpt2Forward } from './forward';
import { register } from './register';

// decoder-tiny/gpt2-perm is decoder-tiny/gpt2 with its residual stream, whole heads, the
// dimensions inside each head (one permutation for Q and K, another for V) and its MLP neurons
// permuted by a script independent of otfuse. Aligning it (model 0) to the original with EMD on
// activations must undo every permutation, through the views of the fused c_attn and of the
// [in, out] Conv1D weights; weight matching must undo them bit for bit.
describe.each(['mixed', 'head_aware'] as const)('fusing decoder-tiny/gpt2-perm into gpt2 (EMD, activations, attention heads %s)', (attentionHeads) => {
  let container: DependencyContainer;
  beforeAll(async () => {
    await useTestBackend();
    container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
  });

  it('gives gpt2 back within 1e-5, and its logits; written as a folder, it has the checkpoint tensor names, shapes and [in, out] layout', () => {
    const anchor = loadGoldenGpt2('gpt2');
    const permuted = loadGoldenGpt2('gpt2-perm');
    expect(largestWeightDifference(anchor.weights, permuted.weights)).toBeGreaterThan(0.05);
    const samples = goldenClmInputs();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-gpt2-'));
    try {
      const { weights } = fuseModels({
        container,
        architecture: new Gpt2Architecture(),
        models: [permuted, anchor],
        options: { mode: 'acts', solver: 'emd', attentionHeads },
        samples,
        batchSize: 16,
      });
      expectAnchorBack(weights, anchor.weights, 1e-5);
      const logits = (w: InMemoryWeights) => {
        const params = loadAll(w);
        const out = gpt2Forward(anchor.config, params, samples).logits;
        const data = out.dataSync().slice();
        tf.dispose([out, ...Object.values(params)]);
        return data;
      };
      expectClose(logits(new InMemoryWeights(weights)), logits(anchor.weights), { atol: 1e-5, what: 'logits of the fused model' });

      // The folder a fusion writes: the anchor's config.json and side files, the fused tensors under their stored names.
      const anchorDir = goldenPath('decoder-tiny', 'gpt2');
      const sideFiles = Object.fromEntries(GPT2_SIDE_FILES.filter((f) => fs.existsSync(path.join(anchorDir, f))).map((f) => [f, fs.readFileSync(path.join(anchorDir, f))]));
      expect(Object.keys(sideFiles)).toEqual(['generation_config.json']);
      const tensors = anchor.weights.names().map((name) => [name, { dtype: 'F32' as const, shape: weights.get(name)!.shape, data: (weights.get(name) as HostTensor).data }] as const);
      writeModelFolder(path.join(dir, 'fused'), { config: anchor.configJson, tensors, files: sideFiles });
      expect(fs.readdirSync(path.join(dir, 'fused')).sort()).toEqual(['config.json', 'generation_config.json', 'model.safetensors']);
      const written = readModelFolder(path.join(dir, 'fused'));
      const checkpoint = readModelFolder(anchorDir);
      try {
        expect(written.weights.names()).toEqual(checkpoint.weights.names());
        for (const name of checkpoint.weights.names()) {
          expect(written.weights.info(name).shape).toEqual(checkpoint.weights.info(name).shape);
          expectClose(written.weights.readAsFloat32(name).data, checkpoint.weights.readAsFloat32(name).data, { atol: 1e-5, what: `written ${name}` });
        }
        expect(written.config).toEqual(checkpoint.config);
      } finally {
        written.weights.close();
        checkpoint.weights.close();
      }
    } finally {
      samples.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('weight matching decoder-tiny/gpt2-perm onto gpt2', () => {
  beforeAll(useTestBackend);

  it('gives gpt2 back bit for bit', () => {
    expect(tensorsWeightMatchingMisses(new Gpt2Architecture(), loadGoldenGpt2('gpt2-perm'), loadGoldenGpt2('gpt2'))).toEqual([]);
  });
});
