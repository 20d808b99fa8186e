/**
 * Times one training step of a small transformer block on wasm (forward and gradients of all
 * weights) with tfjs's own BatchMatMul gradient and with ours, on tfjs-wasm's own matmul
 * kernels, and prints the ratio; then the step with the matmuls on onnxruntime-node.
 * Run: npm run bench (from packages/backend).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src';
import { disableNativeMatmul, enableNativeMatmul } from '../src/native/enable-native-matmul';

const SIZES = { batch: 2, tokens: 64, width: 256, heads: 4, hidden: 1024 };
const WARMUP_RUNS = 2;
const TIMED_RUNS = 7;

type Weights = Record<'query' | 'key' | 'value' | 'output' | 'up' | 'down', tf.Tensor2D>;

function makeWeights(): Weights {
  const { width, hidden } = SIZES;
  const init = (rows: number, cols: number, seed: number) =>
    tf.randomNormal([rows, cols], 0, 1 / Math.sqrt(rows), 'float32', seed) as tf.Tensor2D;
  return {
    query: init(width, width, 1),
    key: init(width, width, 2),
    value: init(width, width, 3),
    output: init(width, width, 4),
    up: init(width, hidden, 5),
    down: init(hidden, width, 6),
  };
}

/** [batch·tokens, width] → [batch·heads, tokens, width/heads] */
function splitHeads(x: tf.Tensor2D): tf.Tensor3D {
  const { batch, tokens, width, heads } = SIZES;
  const perHead = width / heads;
  const grouped = tf.transpose(tf.reshape(x, [batch, tokens, heads, perHead]), [0, 2, 1, 3]);
  return tf.reshape(grouped, [batch * heads, tokens, perHead]);
}

function mergeHeads(x: tf.Tensor3D): tf.Tensor2D {
  const { batch, tokens, width, heads } = SIZES;
  const interleaved = tf.transpose(tf.reshape(x, [batch, heads, tokens, width / heads]), [0, 2, 1, 3]);
  return tf.reshape(interleaved, [batch * tokens, width]);
}

function blockLoss(input: tf.Tensor2D, w: Weights): tf.Scalar {
  const q = splitHeads(tf.matMul(input, w.query));
  const k = splitHeads(tf.matMul(input, w.key));
  const v = splitHeads(tf.matMul(input, w.value));
  const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(SIZES.width / SIZES.heads));
  const attended = tf.add(input, tf.matMul(mergeHeads(tf.matMul(tf.softmax(scores), v)), w.output));
  const mlp = tf.matMul(tf.relu(tf.matMul(attended, w.up)), w.down);
  return tf.mean(tf.square(tf.add(attended, mlp)));
}

function gradients(input: tf.Tensor2D, weights: Weights): tf.Tensor[] {
  const names = Object.keys(weights) as (keyof Weights)[];
  return tf.grads((...values: tf.Tensor[]) =>
    blockLoss(input, Object.fromEntries(names.map((name, i) => [name, values[i]])) as Weights),
  )(names.map((name) => weights[name]));
}

function stepMs(input: tf.Tensor2D, weights: Weights): number {
  const start = performance.now();
  const grads = gradients(input, weights);
  grads.forEach((g) => g.dataSync());
  const elapsed = performance.now() - start;
  tf.dispose(grads);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median step time per gradient; runs alternate between them so load on the machine hits both. */
function medianStepMsEach(input: tf.Tensor2D, weights: Weights, configs: tf.GradConfig[]): number[] {
  const times: number[][] = configs.map(() => []);
  for (let run = 0; run < WARMUP_RUNS + TIMED_RUNS; run++) {
    configs.forEach((config, i) => {
      tf.registerGradient(config);
      const elapsed = stepMs(input, weights);
      if (run >= WARMUP_RUNS) times[i].push(elapsed);
    });
  }
  return times.map(median);
}

function maxAbsDifference(a: tf.Tensor[], b: tf.Tensor[]): number {
  return Math.max(...a.map((g, i) => tf.max(tf.abs(tf.sub(g, b[i]))).dataSync()[0]));
}

async function main(): Promise<void> {
  const tfjsGradient = tf.getGradient(tf.BatchMatMul);
  const info = await initBackend({ force: 'wasm', log: (line) => console.log(line) });
  const ourGradient = tf.getGradient(tf.BatchMatMul);
  if (tfjsGradient === undefined || ourGradient === undefined || tfjsGradient === ourGradient) {
    throw new Error('expected both tfjs and otfuse BatchMatMul gradients to be registered');
  }
  const input = tf.randomNormal([SIZES.batch * SIZES.tokens, SIZES.width], 0, 1, 'float32', 7) as tf.Tensor2D;
  const weights = makeWeights();
  const native = info.matmul.engine === 'onnxruntime-node';
  disableNativeMatmul();

  const [tfjsMs, ourMs] = medianStepMsEach(input, weights, [tfjsGradient, ourGradient]);
  tf.registerGradient(tfjsGradient);
  const tfjsGrads = gradients(input, weights);
  tf.registerGradient(ourGradient);
  const ourGrads = gradients(input, weights);

  console.log(`backend: ${info.tfBackend}; block ${JSON.stringify(SIZES)}; median of ${TIMED_RUNS} steps`);
  console.log(`tfjs BatchMatMul gradient (transpose flags): ${tfjsMs.toFixed(1)} ms/step`);
  console.log(`otfuse gradient (explicit transposes):      ${ourMs.toFixed(1)} ms/step`);
  const difference = maxAbsDifference(tfjsGrads, ourGrads).toExponential(2);
  console.log(`speed-up: ${(tfjsMs / ourMs).toFixed(2)}x; max |difference| of gradients: ${difference}`);
  if (!native) {
    console.log(`onnxruntime-node: ${info.matmul.reason}`);
    return;
  }
  enableNativeMatmul();
  const [nativeMs] = medianStepMsEach(input, weights, [ourGradient]);
  const nativeDifference = maxAbsDifference(gradients(input, weights), ourGrads).toExponential(2);
  console.log(
    `otfuse gradient, matmuls on onnxruntime-node: ${nativeMs.toFixed(1)} ms/step, ` +
      `${(ourMs / nativeMs).toFixed(2)}x faster than on wasm; max |difference| of gradients: ${nativeDifference}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
