import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectClose, expectFolderRoundTrip, expectPermutedCopyBack, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { FAMILY_FIXTURE_HEADS, familyInputs, familyOutputs, loadFamilyFixture } from './__tests__/family-fixtures';
import { EncoderArchitecture } from './architecture';
import { ENCODER_FAMILIES } from './families';
import { layerKey } from './names';
import { register } from './register';

// Every family but BERT (whose classes have specs of their own), each from fixtures written by
// transformers 5.18 in `__fixtures__/families/<model_type>/`: a new family needs no new spec.
const FAMILIES = ENCODER_FAMILIES.filter((family) => family.id !== 'hf-bert').map((family) => [family.name, family] as const);

let container: DependencyContainer;
beforeAll(async () => {
  await useTestBackend();
  container = rootContainer.createChildContainer();
  registerOt(container);
  register(container);
});

describe.each(FAMILIES)('%s against transformers 5.18', (_, family) => {
  const architecture = new EncoderArchitecture(family);
  let inputs: tf.Tensor3D;
  beforeAll(() => {
    inputs = familyInputs(family);
  });
  afterAll(() => inputs.dispose());

  describe.each(FAMILY_FIXTURE_HEADS)('%s', (head) => {
    it('reads config.json, names every stored tensor with its shape, and writes the config back', () => {
      const model = loadFamilyFixture(family, head);
      expect(model.config.head).toBe(head);
      expectFolderRoundTrip(architecture, model);
    });

    it('gives its output and every hidden state (padding included) within 1e-5', () => {
      const model = loadFamilyFixture(family, head);
      const expected = familyOutputs(family, head);
      const spec = family.heads[head];
      const output = head !== 'base' ? 'logits' : spec.pooler ? 'pooler_output' : 'last_hidden_state';
      const hidden = [family.embeddings.module, layerKey(family, 0), layerKey(family, 1)];
      const params = loadAll(model.weights);
      const { logits, activations } = architecture.forward(model.config, params, inputs, { keys: [...hidden, family.encoder], options: { seq_filter: 'all_positions' } });
      try {
        expect(logits.shape).toEqual(expected(output).shape);
        expectClose(logits.dataSync(), expected(output).data, { atol: 1e-5, what: output });
        expectClose(activations.get(family.encoder)!.dataSync(), expected('hidden_states.2').data, { atol: 1e-5, what: family.encoder });
        hidden.forEach((key, i) => expectClose(activations.get(key)!.dataSync(), expected(`hidden_states.${i}`).data, { atol: 1e-5, what: key }));
      } finally {
        tf.dispose([logits, ...activations.values(), ...Object.values(params)]);
      }
    });

    // `<head>-perm` holds the model with its residual stream, heads, head dimensions, MLP neurons and
    // classification head's hidden neurons permuted in PyTorch: aligning it (model 0) to the original
    // with EMD on activations must undo every permutation.
    it('fuses its permuted copy into the original and gives the original back within 1e-5, and its outputs', () => {
      expectPermutedCopyBack({ container, architecture, anchor: loadFamilyFixture(family, head), permuted: loadFamilyFixture(family, head, true), inputs });
    });
  });
});
