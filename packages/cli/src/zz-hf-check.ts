import 'reflect-metadata';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@otfuse/backend';
import { loadFashionMnist } from '@otfuse/data';
import { readModelFolder, writeSafetensors } from '@otfuse/io';
import { createContainer } from './container';
import { detectArchitecture } from './models/resolve-architecture';
import { CheckpointWeights } from './models/checkpoint-weights';
import { trainable } from './trainable';

async function main() {
  await initBackend({ log: () => undefined });
  const [folder, out] = process.argv.slice(2);
  const read = readModelFolder(folder);
  const architecture = detectArchitecture(createContainer(), read.config, folder);
  const config = architecture.normalizeConfig(read.config);
  const model = trainable(architecture, config, new CheckpointWeights(read.weights).all());
  const data = loadFashionMnist({ split: 'test', layout: 'chw', mean: 0.286, std: 0.353 });
  const batch = data.get(Array.from({ length: 64 }, (_, i) => i));
  const x = tf.tensor(batch.x, batch.shape);
  const logits = model.forward(model.params, x);
  writeSafetensors(path.resolve(out), { pixel_values: { dtype: 'F32', shape: batch.shape, data: batch.x }, logits: { dtype: 'F32', shape: logits.shape, data: logits.dataSync() as Float32Array } });
}
main();
