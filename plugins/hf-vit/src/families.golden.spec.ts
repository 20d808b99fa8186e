import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectClose, expectFolderRoundTrip, expectPermutedCopyBack, useTestBackend } from '@otfuse/testing';
import { DependencyContainer, container as rootContainer } from 'tsyringe';
import { familyOutputs, familyPixels, loadFamilyFixture } from './__tests__/family-fixtures';
import { VisionArchitecture } from './architecture';
import { VISION_FAMILIES } from './families';
import { layerKey } from './names';
import { register } from './register';

// Every family but ViT (whose classes have specs of their own), every head, from fixtures written
// by transformers 5.18 in `__fixtures__/families/<model_type>/`: a new family needs no new spec.
/** What transformers calls an output layer's logits, where a head has several (DeiT's teacher head). */
const OUTPUT_NAMES: Readonly<Record<string, string>> = { cls_classifier: 'cls_logits', distillation_classifier: 'distillation_logits' };
const CASES = VISION_FAMILIES.filter((family) => family.id !== 'hf-vit').flatMap((family) => Object.keys(family.heads).map((head) => [family.name, head, family] as const));

let container: DependencyContainer;
beforeAll(async () => {
  await useTestBackend();
  container = rootContainer.createChildContainer();
  registerOt(container);
  register(container);
});

describe.each(CASES)('%s %s against transformers 5.18', (_, head, family) => {
  const architecture = new VisionArchitecture(family);
  let pixels: tf.Tensor4D;
  beforeAll(() => {
    pixels = familyPixels(family);
  });
  afterAll(() => pixels.dispose());

  it('reads config.json, names every stored tensor with its shape, and writes the config back', () => {
    const model = loadFamilyFixture(family, head);
    expect(model.config.head).toBe(head);
    expectFolderRoundTrip(architecture, model);
  });

  it('gives its output, each output layer\'s logits, last_hidden_state and every hidden state within 1e-5', () => {
    const model = loadFamilyFixture(family, head);
    const expected = familyOutputs(family, head);
    const { pooler, outputs } = family.heads[head];
    const output = pooler ? 'pooler_output' : 'logits';
    const hidden = [family.embeddings.module, layerKey(family, 0), layerKey(family, 1)];
    // transformers returns last_hidden_state for a base model only.
    const last = pooler ? [family.model] : [];
    const layers = outputs.length > 1 ? outputs.map((layer) => layer.module) : [];
    const params = loadAll(model.weights);
    const { logits, activations } = architecture.forward(model.config, params, pixels, { keys: [...hidden, ...last, ...layers], options: { seq_filter: 'none' } });
    try {
      expect(logits.shape).toEqual(expected(output).shape);
      expectClose(logits.dataSync(), expected(output).data, { atol: 1e-5, what: output });
      layers.forEach((layer) => expectClose(activations.get(layer)!.dataSync(), expected(OUTPUT_NAMES[layer]).data, { atol: 1e-5, what: layer }));
      if (pooler) expectClose(activations.get(family.model)!.dataSync(), expected('last_hidden_state').data, { atol: 1e-5, what: 'last_hidden_state' });
      hidden.forEach((key, i) => expectClose(activations.get(key)!.dataSync(), expected(`hidden_states.${i}`).data, { atol: 1e-5, what: key }));
    } finally {
      tf.dispose([logits, ...activations.values(), ...Object.values(params)]);
    }
  });

  // `<head>-perm` holds the model with its residual stream (the prepended tokens and the position
  // embeddings' features included), heads, head dimensions and MLP neurons permuted in PyTorch:
  // aligning it (model 0) to the original with EMD on activations must undo every permutation.
  it('fuses its permuted copy into the original and gives the original back within 1e-5, and its outputs', () => {
    const [anchor, permuted] = [loadFamilyFixture(family, head), loadFamilyFixture(family, head, true)];
    expectPermutedCopyBack({ container, architecture, anchor, permuted, inputs: pixels, captureOptions: { seq_filter: 'none' } });
  });
});
