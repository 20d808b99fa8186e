import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { FIXTURE_HEADS, FixtureHead, headInputs, headOutputs, loadHeadFixture } from './__tests__/head-fixtures';
import { BertArchitecture } from './architecture';
import { bertConfigJson, normalizeBertConfig } from './config';
import { bertForward } from './forward';
import { BERT_ENCODER, NSP_SEQ_RELATIONSHIP, bertLayerKey } from './names';
import { bertParameterShapes } from './parameters';

/** What transformers returns for each head, and where our forward pass gives it: its output, or a capture key. */
const OUTPUTS: Record<FixtureHead, { output: string; captured: Record<string, string> }> = {
  base: { output: 'pooler_output', captured: { last_hidden_state: BERT_ENCODER } },
  tokcls: { output: 'logits', captured: {} },
  qa: { output: 'start_logits|end_logits', captured: {} },
  pretraining: { output: 'prediction_logits', captured: { seq_relationship_logits: NSP_SEQ_RELATIONSHIP } },
};

describe.each(FIXTURE_HEADS)('the %s head against transformers 5.18', (head) => {
  let inputs: tf.Tensor3D;
  beforeAll(async () => {
    await useTestBackend();
    inputs = headInputs();
  });
  afterAll(() => inputs.dispose());

  it('reads config.json, names every stored tensor with its shape, and writes the class back', () => {
    const model = loadHeadFixture(head);
    expect(model.config.head).toBe(head);
    const stored = model.weights.names().map((n) => [n, model.weights.shape(n)]);
    expect([...bertParameterShapes(model.config)].sort()).toEqual(stored.sort());
    const written = bertConfigJson(model.config);
    expect(written.architectures).toEqual(model.configJson.architectures);
    expect(normalizeBertConfig(written)).toEqual(model.config);
  });

  it('gives its outputs and every hidden state (padding included) within 1e-5', () => {
    const model = loadHeadFixture(head);
    const expected = headOutputs(head);
    const { output, captured } = OUTPUTS[head];
    const hidden = ['bert.embeddings', bertLayerKey(0), bertLayerKey(1)];
    const params = loadAll(model.weights);
    const { logits, activations } = bertForward(model.config, params, inputs, { keys: [...hidden, ...Object.values(captured)], options: { seq_filter: 'all_positions' } });
    try {
      if (head === 'qa') {
        // transformers splits qa_outputs' [batch, length, 2] into start and end logits.
        const [start, end] = tf.unstack(logits, 2);
        expectClose(start.dataSync(), expected('start_logits').data, { atol: 1e-5, what: 'start_logits' });
        expectClose(end.dataSync(), expected('end_logits').data, { atol: 1e-5, what: 'end_logits' });
        tf.dispose([start, end]);
      } else {
        expect(logits.shape).toEqual(expected(output).shape);
        expectClose(logits.dataSync(), expected(output).data, { atol: 1e-5, what: output });
      }
      for (const [name, key] of Object.entries(captured)) expectClose(activations.get(key)!.dataSync(), expected(name).data, { atol: 1e-5, what: name });
      hidden.forEach((key, i) => expectClose(activations.get(key)!.dataSync(), expected(`hidden_states.${i}`).data, { atol: 1e-5, what: key }));
    } finally {
      tf.dispose([logits, ...activations.values(), ...Object.values(params)]);
    }
  });

  it('is trained and evaluated for its task', () => {
    const tasks = { base: 'features', tokcls: 'token-classification', qa: 'span-qa', pretraining: 'masked-lm' };
    expect(new BertArchitecture().task(loadHeadFixture(head).config)).toBe(tasks[head]);
  });
});
