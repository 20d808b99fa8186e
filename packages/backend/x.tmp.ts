import * as tf from '@tensorflow/tfjs';
import { initBackend } from './src';
tf.env().set('IS_TEST', true);
async function t(backend: string) {
  await tf.setBackend(backend);
  const x = tf.randomNormal([32, 28, 28, 16]) as tf.Tensor4D; const dy = tf.randomNormal([32, 28, 28, 32]) as tf.Tensor4D;
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 16, 32] };
  const ts: number[] = [];
  for (let i = 0; i < 3; i++) { const s = performance.now(); const r = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor; r.dataSync(); ts.push(performance.now() - s); r.dispose(); }
  const s2 = performance.now(); const xi = tf.conv2dTranspose(dy, tf.randomNormal([3,3,16,32]) as tf.Tensor4D, [32,28,28,16], 1, 'same'); xi.dataSync(); const inputGrad = performance.now() - s2;
  console.log(backend, 'filter grad ms', ts.map(v => v.toFixed(0)).join(' '), 'input grad ms', inputGrad.toFixed(0), 'MMAC', 32*784*9*16*32/1e6);
}
(async () => { await initBackend({ force: 'wasm', log: () => {} }); await t('wasm'); await t('cpu'); })();
