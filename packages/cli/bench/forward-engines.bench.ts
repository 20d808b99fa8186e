/**
 * The evaluation forward pass of a paper-size ViT (hidden 384, 7 layers, 12 heads, MLP 1536,
 * 65 tokens), on tfjs (wasm with its matmuls on onnxruntime-node) and compiled into one
 * onnxruntime-node graph, side by side in one process: images/s per batch size, and the
 * graph's largest difference from tfjs. Run: npm run bench (from packages/cli).
 */
import 'reflect-metadata';
import * as tf from '@tensorflow/tfjs';
import { compileForward, initBackend } from '@otfuse/backend';
import { initVit, normalizeVitConfig, vitForward } from '@otfuse/hf-vit';

const BATCHES = [16, 32, 64, 128];
const RUNS = 6;

function imagesPerSecond(batch: number, runs: number, run: () => void): number {
  run(); // warm-up: the session of this batch size, wasm's buffers
  const start = performance.now();
  for (let i = 0; i < runs; i++) run();
  return (batch * runs * 1000) / (performance.now() - start);
}

async function main(): Promise<void> {
  await initBackend();
  const config = normalizeVitConfig({ model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 384, num_hidden_layers: 7, num_attention_heads: 12, intermediate_size: 1536, image_size: 32, patch_size: 4, num_channels: 3, num_labels: 10 });
  const params: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(initVit(config, 1))) params[name] = tf.tensor(t.data as Float32Array, [...t.shape]);
  const fn = (x: tf.Tensor) => vitForward(config, params, x).logits;
  console.log('batch  tfjs (images/s)  one graph (images/s)  ratio  largest |difference|');
  for (const batch of BATCHES) {
    const x = tf.randomNormal([batch, 3, 32, 32], 0, 1, 'float32', 7);
    const outcome = compileForward(fn, x, 'on');
    if (!('forward' in outcome)) throw new Error(outcome.refused);
    const { forward } = outcome;
    const native = imagesPerSecond(batch, RUNS, () => forward.run(x).dispose());
    const tfjs = imagesPerSecond(batch, 2, () => tf.tidy(() => void fn(x).dataSync()));
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(forward.run(x), fn(x)))).dataSync()[0]);
    console.log(`${String(batch).padStart(5)}  ${tfjs.toFixed(1).padStart(15)}  ${native.toFixed(1).padStart(20)}  ${(native / tfjs).toFixed(2).padStart(5)}  ${difference.toExponential(1)}`);
    x.dispose();
  }
}

void main();
