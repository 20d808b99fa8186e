import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ForwardStage, runStages } from '../staged-forward';
import { ModelWeights } from '../weights';
import { chainActivations, chainWeights, seeded } from '../__tests__/tiny-models';
import { useTestBackend } from '../__tests__/setup-backend';
import type { ActivationRows } from './activations';
import { StagedCapture } from './staged-capture';

/** A chain of linears as one stage per layer, recording each layer's output as `fc{i}`. */
function chainStages(layers: number, ran: string[]): ForwardStage[] {
  return Array.from({ length: layers }, (_, i): ForwardStage => ({
    id: `fc${i}`,
    params: [`fc${i}.weight`, `fc${i}.bias`],
    keys: [`fc${i}`],
    run: (params, [x]) => {
      ran.push(`fc${i}`);
      const z = tf.add(tf.matMul(x, tf.transpose(params[`fc${i}.weight`])), params[`fc${i}.bias`]);
      const out = i === layers - 1 ? z : tf.relu(z);
      return { state: [out], activations: new Map([[`fc${i}`, out as tf.Tensor2D]]) };
    },
  }));
}

/** Counts tensor reads, to show each stage reads only its own parameters. */
function counted(weights: ModelWeights, reads: string[]): ModelWeights {
  return { names: () => weights.names(), shape: (n) => weights.shape(n), tensor: (n) => (reads.push(n), weights.tensor(n)) };
}

describe('StagedCapture', () => {
  beforeAll(useTestBackend);

  const sizes = [5, 7, 6, 4];
  const random = seeded(4);
  const samples = () => tf.tensor2d(Float32Array.from({ length: 11 * 5 }, () => random() * 2 - 1), [11, 5]);

  it('runs stages only as far as the requested key, each reading its own parameters once', () => {
    const ran: string[] = [];
    const reads: string[] = [];
    const x = samples();
    const store = new StagedCapture({
      models: [{ stages: chainStages(3, ran), weights: counted(chainWeights(sizes, 1), reads) }],
      samples: x,
      batchSize: 4,
    });
    store.get(0, 'fc1');
    // Three batches of 4, 4 and 3 samples through two stages.
    expect(ran).toEqual(['fc0', 'fc0', 'fc0', 'fc1', 'fc1', 'fc1']);
    expect(reads).toEqual(['fc0.weight', 'fc0.bias', 'fc1.weight', 'fc1.bias']);
    store.get(0, 'fc0');
    expect(ran).toHaveLength(6);
    store.dispose();
    x.dispose();
  });

  it('gives the activations of a whole-batch forward pass, batches in sample order', () => {
    const before = tf.memory().numTensors;
    const x = samples();
    const weights = chainWeights(sizes, 2);
    const expected = chainActivations(weights, 3, x);
    const store = new StagedCapture({ models: [{ stages: chainStages(3, []), weights }, { stages: chainStages(3, []), weights }], samples: x, batchSize: 3 });
    tf.tidy(() => {
      for (const key of ['fc0', 'fc1', 'fc2']) {
        for (const m of [0, 1]) expect(Array.from(store.get(m, key).dataSync())).toEqual(Array.from((expected.get(key) as tf.Tensor).dataSync()));
      }
    });
    store.release('fc0');
    expect(() => store.get(0, 'fc0')).toThrow(/already released/);
    expect(() => store.get(0, 'fc9')).toThrow(/no forward stage records 'fc9'/);
    store.dispose();
    expected.forEach((t) => t.dispose());
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps captured activations out of the WebAssembly heap, and reads them in place', () => {
    const x = samples();
    const wasm = tf.findBackend('wasm') as tf.KernelBackend;
    const before = wasm.numDataIds();
    const weights = chainWeights(sizes, 6);
    const expected = chainActivations(weights, 3, x);
    const inHeap = wasm.numDataIds();
    const store = new StagedCapture({ models: [{ stages: chainStages(3, []), weights }], samples: x, batchSize: 4 });
    const last = store.get(0, 'fc2');
    // Every stage has run and its states are gone: nothing the store holds is in the heap.
    expect(wasm.numDataIds()).toBe(inHeap);
    expect(last.dataSync()).toBe(last.dataSync());
    // A tfjs kernel still reads it (tfjs moves it into the heap for that).
    expect(Array.from(tf.tidy(() => tf.mul(store.get(0, 'fc1'), 1).dataSync()))).toEqual(Array.from((expected.get('fc1') as tf.Tensor).dataSync()));
    store.dispose();
    expected.forEach((t) => t.dispose());
    x.dispose();
    expect(wasm.numDataIds()).toBe(before - 1);
  });

  it('keeps a stage that records more than spillBytes on disk until each key is asked for, with the same values', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-spec-'));
    const spillFiles = () => fs.readdirSync(tmp).flatMap((dir) => fs.readdirSync(path.join(tmp, dir)));
    try {
      const x = samples();
      const weights = chainWeights(sizes, 7);
      const expected = chainActivations(weights, 3, x);
      const models = [0, 1].map(() => ({ stages: chainStages(3, []), weights }));
      // fc0 records 11 × 7 floats per model: 616 bytes for two; fc1 11 × 6, 528 bytes.
      const store = new StagedCapture({ models, samples: x, batchSize: 4, spillBytes: 600, spillDirectory: tmp });
      tf.tidy(() => {
        expect(Array.from(store.get(1, 'fc1').dataSync())).toEqual(Array.from((expected.get('fc1') as tf.Tensor).dataSync()));
        // fc0 of both models waits on disk (fc1 stayed in memory); fc0 of model 1 is read back when asked for.
        expect(spillFiles()).toHaveLength(2);
        // Read once for a description, a waiting key is a fresh copy every time and stays on disk.
        const [first, second] = [store.rows(0, 'fc0'), store.rows(0, 'fc0')];
        const concatenated = (rows: ActivationRows) => {
          const values: number[] = [];
          for (const block of rows.blocks()) values.push(...block);
          return values;
        };
        expect([first.rows, first.features]).toEqual([11, 7]);
        expect(concatenated(first)).toEqual(Array.from((expected.get('fc0') as tf.Tensor).dataSync()));
        expect(concatenated(second)).toEqual(concatenated(first));
        expect(spillFiles()).toHaveLength(2);
        expect(Array.from(store.get(1, 'fc0').dataSync())).toEqual(Array.from((expected.get('fc0') as tf.Tensor).dataSync()));
        expect(spillFiles()).toHaveLength(1);
      });
      store.release('fc0');
      expect(spillFiles()).toHaveLength(0);
      store.get(0, 'fc2');
      store.dispose();
      // The folder itself is gone.
      expect(fs.readdirSync(tmp)).toEqual([]);
      expected.forEach((t) => t.dispose());
      x.dispose();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('refuses models whose stages differ, and a bad batch size', () => {
    const x = samples();
    const weights = chainWeights(sizes, 3);
    expect(() => new StagedCapture({ models: [{ stages: chainStages(3, []), weights }, { stages: chainStages(2, []), weights }], samples: x, batchSize: 2 })).toThrow(
      /model 1 runs the stages fc0, fc1, but model 0 runs fc0, fc1, fc2/,
    );
    expect(() => new StagedCapture({ models: [{ stages: chainStages(3, []), weights }], samples: x, batchSize: 0 })).toThrow(/positive integer batch size, got 0/);
    x.dispose();
  });

  it('runStages equals running the stages one by one and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const x = samples();
    const weights = chainWeights(sizes, 5);
    const params = Object.fromEntries(weights.names().map((n) => [n, weights.tensor(n)]));
    const out = runStages(chainStages(3, []), params, x);
    const expected = chainActivations(weights, 3, x);
    expect(Array.from(out.logits.dataSync())).toEqual(Array.from((expected.get('fc2') as tf.Tensor).dataSync()));
    expect([...out.activations.keys()]).toEqual(['fc0', 'fc1', 'fc2']);
    [out.logits, ...out.activations.values(), ...expected.values(), ...Object.values(params), x].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });
});
