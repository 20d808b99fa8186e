import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { expectClose, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { goldenClmInputs, loadGoldenGpt2 } from './__tests__/golden-models';
import { gpt2Forward } from './forward';
import { GPT2_EMBEDDINGS, GPT2_TRANSFORMER, gpt2BlockKey } from './names';
import { gpt2ParameterShapes } from './parameters';

type Golden = Map<string, { shape: number[]; data: Float32Array }>;

/** `transformers`' outputs on all of decoder-tiny's clm-data (40 sequences of 16 positions), attention mask applied. */
const outputs = (): Golden => readGoldenTensors('decoder-tiny', 'gpt2-outputs.safetensors');
const golden = (tensors: Golden, name: string) => {
  const t = tensors.get(name);
  if (!t) throw new Error(`golden outputs have no '${name}'`);
  return t;
};

describe('GPT-2 forward pass against HuggingFace (decoder-tiny/gpt2)', () => {
  let inputs: tf.Tensor3D;
  beforeAll(async () => {
    await useTestBackend();
    inputs = goldenClmInputs();
  });
  afterAll(() => inputs.dispose());

  const run = (keys: string[], options?: Record<string, string>) => {
    const model = loadGoldenGpt2('gpt2');
    const params = loadAll(model.weights);
    try {
      return gpt2Forward(model.config, params, inputs, { keys, options });
    } finally {
      Object.values(params).forEach((t) => t.dispose());
    }
  };

  it('names every stored tensor with its shape, [in, out] as stored (lm_head.weight is wte, not stored)', () => {
    const model = loadGoldenGpt2('gpt2');
    const expected = model.weights.names().map((n) => [n, model.weights.shape(n)]);
    expect([...gpt2ParameterShapes(model.config)].sort()).toEqual(expected.sort());
  });

  // hidden_states.<i> is block i's input; the last one is ln_f's output (GPT2Model applies ln_f before adding it).
  it('gives HuggingFace logits and every hidden state (padding positions included) within 1e-5', () => {
    const expected = outputs();
    const hidden = [GPT2_EMBEDDINGS, gpt2BlockKey(0), GPT2_TRANSFORMER];
    const { logits, activations } = run(hidden, { seq_filter: 'all_positions' });
    try {
      expect(logits.shape).toEqual([40, 16, 96]);
      expect(logits.shape).toEqual(golden(expected, 'logits').shape);
      expectClose(logits.dataSync(), golden(expected, 'logits').data, { atol: 1e-5, what: 'logits' });
      hidden.forEach((key, i) => {
        expect(activations.get(key)?.shape).toEqual([40 * 16, 48]);
        expectClose(activations.get(key)!.dataSync(), golden(expected, `hidden_states.${i}`).data, { atol: 1e-5, what: key });
      });
    } finally {
      logits.dispose();
      tf.dispose([...activations.values()]);
    }
  });

  it('keeps only the non-padding positions by default, in order', () => {
    const mask = readGoldenTensors('decoder-tiny', 'clm-data.safetensors').get('attention_mask')!.data;
    const rows = [...mask.keys()].filter((i) => mask[i] === 1);
    expect(rows.length).toBeLessThan(40 * 16);
    const { logits, activations } = run([gpt2BlockKey(0)]);
    const full = golden(outputs(), 'hidden_states.1').data;
    const captured = activations.get(gpt2BlockKey(0))!;
    expect(captured.shape).toEqual([rows.length, 48]);
    expectClose(captured.dataSync(), rows.flatMap((r) => Array.from(full.subarray(r * 48, (r + 1) * 48))), { atol: 1e-5, what: 'non-padding rows' });
    tf.dispose([logits, captured]);
  });

  it("gives HuggingFace's causal-LM loss from the golden labels (shifted by one, -100 ignored) as the logits it matches", () => {
    const model = loadGoldenGpt2('gpt2');
    const params = loadAll(model.weights);
    const labels = readGoldenTensors('decoder-tiny', 'clm-data.safetensors').get('labels')!.data;
    const ours = gpt2Forward(model.config, params, inputs).logits;
    const reference = tf.tensor(golden(outputs(), 'logits').data, [40, 16, 96]);
    const loss = (logits: tf.Tensor) => {
      const logProbs = tf.logSoftmax(logits.reshape([-1, 96])).arraySync() as number[][];
      let sum = 0;
      let count = 0;
      for (let s = 0; s < 40; s++) {
        for (let t = 0; t < 15; t++) {
          const label = labels[s * 16 + t + 1];
          if (label === -100) continue;
          sum -= logProbs[s * 16 + t][label];
          count++;
        }
      }
      return sum / count;
    };
    expect(Math.abs(loss(ours) - loss(reference))).toBeLessThan(1e-5);
    tf.dispose([ours, reference, ...Object.values(params)]);
  });
});
