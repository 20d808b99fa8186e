import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadAll } from '@otfuse/core';
import { openSafetensors } from '@otfuse/io';
import { expectClose, readGoldenTensors, useTestBackend } from '@otfuse/testing';
import { RESNET_VARIANTS, goldenResnetPixels, loadGoldenResnet } from './__tests__/golden-resnet';
import { ResnetArchitecture } from './resnet/architecture';

const architecture = new ResnetArchitecture();

/** PyTorch's train-mode pass on the golden inputs (written by `__fixtures__/train-mode.py`). */
function pytorchTrainMode(variant: string): Map<string, Float32Array> {
  const file = openSafetensors(path.join(__dirname, '__fixtures__', `train-mode-${variant}.safetensors`));
  try {
    return new Map(file.names().map((name) => [name, file.readAsFloat32(name).data]));
  } finally {
    file.close();
  }
}

describe.each(RESNET_VARIANTS)('training mode against PyTorch (resnet-tiny/%s)', (variant) => {
  let pixels: tf.Tensor4D;
  let labels: tf.Tensor1D;

  beforeAll(async () => {
    await useTestBackend();
    pixels = goldenResnetPixels();
    labels = tf.tensor1d(Array.from(readGoldenTensors('resnet-tiny', 'inputs.safetensors').get('labels')!.data), 'int32');
  });
  afterAll(() => tf.dispose([pixels, labels]));

  it('gives the logits, the momentum-updated buffers and the gradients of model.train() within 1e-5', () => {
    const model = loadGoldenResnet(variant);
    const golden = pytorchTrainMode(variant);
    const params = loadAll(model.weights);
    const buffers = new Set(architecture.buffers(model.config));
    expect([...buffers].sort()).toEqual([...golden.keys()].filter((k) => k.startsWith('buffer.')).map((k) => k.slice('buffer.'.length)).sort());
    const trained = model.weights.names().filter((n) => !buffers.has(n));
    const before = tf.memory().numTensors;

    let updated = new Map<string, tf.Tensor>();
    const { value, grads } = tf.tidy(() => {
      const lossOf = (...xs: tf.Tensor[]) => {
        const run = architecture.trainingForward(model.config, { ...params, ...Object.fromEntries(trained.map((n, i) => [n, xs[i]])) }, pixels);
        updated = run.buffers;
        expectClose(run.logits.dataSync(), golden.get('logits')!, { atol: 1e-5, what: `${variant} train-mode logits` });
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), run.logits) as tf.Scalar;
      };
      return tf.valueAndGrads(lossOf)(trained.map((n) => params[n]));
    });
    expectClose(value.dataSync(), golden.get('loss')!, { atol: 1e-5, what: 'loss' });
    trained.forEach((name, i) => expectClose(grads[i].dataSync(), golden.get(`grad.${name}`)!, { atol: 1e-5, what: `gradient of ${name}` }));
    for (const name of buffers) expectClose(updated.get(name)!.dataSync(), golden.get(`buffer.${name}`)!, { atol: 1e-5, what: name });
    expect(updated.size).toBe(buffers.size);
    tf.dispose([value, ...grads, ...updated.values()]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(params));
  });
});
