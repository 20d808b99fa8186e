import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { expectClose, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { GoldenHead, goldenInputs, loadGoldenBert } from './__tests__/golden-models';
import { bertForward } from './forward';
import { bertLayerKey } from './names';
import { bertParameterShapes } from './parameters';

type Golden = Map<string, { shape: number[]; data: Float32Array }>;

/** HuggingFace's outputs on the golden inputs: 6 sequences of 24 positions, lengths 24, 17, 3, 11, 20, 8. */
const outputs = (head: GoldenHead): Golden => readGoldenTensors('bert-tiny', `${head}_outputs.safetensors`);
const golden = (tensors: Golden, name: string) => {
  const t = tensors.get(name);
  if (!t) throw new Error(`golden outputs have no '${name}'`);
  return t;
};

describe.each(['mlm', 'seqcls'] as const)('BERT forward pass against HuggingFace (bert-tiny/%s)', (head) => {
  let inputs: tf.Tensor3D;
  beforeAll(async () => {
    await useTestBackend();
    inputs = goldenInputs();
  });
  afterAll(() => inputs.dispose());

  const run = (keys: string[], options?: Record<string, string>) => {
    const model = loadGoldenBert('bert-tiny', head);
    const params = loadAll(model.weights);
    try {
      return { config: model.config, ...bertForward(model.config, params, inputs, { keys, options }) };
    } finally {
      Object.values(params).forEach((t) => t.dispose());
    }
  };

  it('names every stored tensor with its shape', () => {
    const model = loadGoldenBert('bert-tiny', head);
    const expected = model.weights.names().map((n) => [n, model.weights.shape(n)]);
    expect([...bertParameterShapes(model.config)].sort()).toEqual(expected.sort());
  });

  it('gives HuggingFace logits, hidden states (padding included) and attention maps within 1e-5', () => {
    const expected = outputs(head);
    const layers = head === 'mlm' ? 3 : 2;
    const hidden = ['bert.embeddings', ...Array.from({ length: layers }, (_, i) => bertLayerKey(i))];
    const attention = Array.from({ length: layers }, (_, i) => bertLayerKey(i, 'attention.self.dropout'));
    const { logits, activations } = run([...hidden, ...attention], { seq_filter: 'all_positions' });
    try {
      expect(logits.shape).toEqual(golden(expected, 'logits').shape);
      expectClose(logits.dataSync(), golden(expected, 'logits').data, { atol: 1e-5, what: 'logits' });
      hidden.forEach((key, i) => {
        expect(activations.get(key)?.shape).toEqual([6 * 24, 48]);
        expectClose(activations.get(key)!.dataSync(), golden(expected, `hidden_states.${i}`).data, { atol: 1e-5, what: key });
      });
      attention.forEach((key, i) => {
        expect(activations.get(key)?.shape).toEqual([6 * 4 * 24, 24]);
        expectClose(activations.get(key)!.dataSync(), golden(expected, `attentions.${i}`).data, { atol: 1e-5, what: key });
      });
    } finally {
      logits.dispose();
      tf.dispose([...activations.values()]);
    }
  });

  it('keeps only the real tokens by default, in sequence order', () => {
    const last = head === 'mlm' ? 3 : 2;
    const { logits, activations } = run([bertLayerKey(last - 1)]);
    const lengths = [24, 17, 3, 11, 20, 8];
    const full = golden(outputs(head), `hidden_states.${last}`).data;
    const rows = lengths.flatMap((n, s) => Array.from({ length: n }, (_, t) => s * 24 + t));
    const captured = activations.get(bertLayerKey(last - 1))!;
    expect(captured.shape).toEqual([83, 48]);
    expectClose(captured.dataSync(), rows.flatMap((r) => Array.from(full.subarray(r * 48, (r + 1) * 48))), { atol: 1e-5, what: 'non-padding rows' });
    tf.dispose([logits, captured]);
  });
});

describe('BERT heads against HuggingFace (bert-tiny)', () => {
  beforeAll(useTestBackend);

  it("gives the pooler's output within 1e-5 (seqcls)", () => {
    const model = loadGoldenBert('bert-tiny', 'seqcls');
    const params = loadAll(model.weights);
    const inputs = goldenInputs();
    const { logits, activations } = bertForward(model.config, params, inputs, { keys: ['bert.pooler'] });
    expectClose(activations.get('bert.pooler')!.dataSync(), golden(outputs('seqcls'), 'pooler_output').data, { atol: 1e-5, what: 'pooler_output' });
    tf.dispose([logits, inputs, ...activations.values(), ...Object.values(params)]);
  });

  it("gives HuggingFace's masked-LM loss within 1e-5 from our logits (mean cross-entropy over labelled positions)", () => {
    const model = loadGoldenBert('bert-tiny', 'mlm');
    const params = loadAll(model.weights);
    const inputs = goldenInputs();
    const labels = golden(readGoldenTensors('bert-tiny', 'inputs.safetensors'), 'mlm_labels').data;
    const { logits } = bertForward(model.config, params, inputs);
    const logProbs = tf.logSoftmax(logits.reshape([-1, 200])).arraySync() as number[][];
    const labelled = [...labels.keys()].filter((i) => labels[i] !== -100);
    expect(labelled.length).toBeGreaterThan(0);
    const loss = -labelled.reduce((sum, i) => sum + logProbs[i][labels[i]], 0) / labelled.length;
    expect(Math.abs(loss - golden(outputs('mlm'), 'loss').data[0])).toBeLessThan(1e-5);
    tf.dispose([logits, inputs, ...Object.values(params)]);
  });
});
