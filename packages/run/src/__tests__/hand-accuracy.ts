import * as tf from '@tensorflow/tfjs';
import type { ArchitecturePlugin } from '@otfuse/core';
import type { Dataset } from '@otfuse/data';
import { readModelFolder } from '@otfuse/io';
import { CheckpointWeights } from '../models/checkpoint-weights';

/**
 * The accuracy of the model folder `dir` on every example of `data`, counted by hand: the
 * plugin's forward pass on tfjs and an arg-max against the labels (ties: the lowest class), with
 * none of `evaluate`'s scoring or compiled graphs, so a test can check the scores a run reports.
 */
export function handAccuracy(dir: string, architecture: ArchitecturePlugin, data: Dataset): number {
  const folder = readModelFolder(dir);
  try {
    const config = architecture.normalizeConfig(folder.config);
    const batch = data.get(Int32Array.from({ length: data.size }, (_, i) => i));
    const predicted = tf.tidy(() => {
      const params = Object.fromEntries([...new CheckpointWeights(folder.weights).all()].map(([name, t]) => [name, tf.tensor(t.data, t.shape, 'float32')]));
      const { logits, activations } = architecture.forward(config, params, tf.tensor(batch.x, batch.shape, 'float32'));
      activations.forEach((a) => a.dispose());
      return tf.argMax(logits, -1);
    });
    const classes = predicted.dataSync();
    predicted.dispose();
    let hits = 0;
    classes.forEach((c, i) => (hits += c === batch.y[i] ? 1 : 0));
    return hits / data.size;
  } finally {
    folder.weights.close();
  }
}
