import * as tf from '@tensorflow/tfjs';
import { installedNativeRuntime } from '../native/native-matmul-kernels';

/**
 * Gradient of BatchMatMul (`tf.matMul`), registered in place of tfjs's own.
 *
 * For C = op(A)·op(B), where op transposes the last two axes when the kernel's flag is set:
 *   dA = op(B)·dCᵀ if transposeA, else dC·op(B)ᵀ
 *   dB = dCᵀ·op(A) if transposeB, else op(A)ᵀ·dC
 * This is the same math as tfjs's gradient, with two differences:
 * - On wasm, transposes are explicit `tf.transpose` calls, because wasm's matMul with the
 *   transposeA/transposeB flags is 10-25x slower than transposing first. Other backends get
 *   the flags, exactly the calls tfjs makes, so their results do not change; so does wasm
 *   while its matmul runs on onnxruntime-node, which transposes inside the product (a
 *   transformer block's training step: 13 ms with the flags, 19 ms with explicit transposes).
 * - Batch axes that were broadcast (a [2,3,4,5] times b [5,6]) are summed back to the input's
 *   shape; tfjs's gradient returns the broadcast shape there and the engine rejects it.
 */
export const batchMatMulGradConfig: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const dc = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    return {
      a: () =>
        sumToShape(transposeA ? product(b, transposeB, dc, true) : product(dc, false, b, !transposeB), a.shape),
      b: () =>
        sumToShape(transposeB ? product(dc, true, a, transposeA) : product(a, !transposeA, dc, false), b.shape),
    };
  },
};

/** op(x)·op(y); explicit transposes on wasm's own kernels, the matMul flags elsewhere. */
function product(x: tf.Tensor, transposeX: boolean, y: tf.Tensor, transposeY: boolean): tf.Tensor {
  if (tf.getBackend() !== 'wasm' || installedNativeRuntime() !== undefined) {
    return tf.matMul(x, y, transposeX, transposeY);
  }
  return tf.matMul(transposeX ? swapLastTwoAxes(x) : x, transposeY ? swapLastTwoAxes(y) : y);
}

function swapLastTwoAxes(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, axis) => axis);
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
}

/** Sums a gradient over the batch axes along which its input was broadcast. */
function sumToShape(grad: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape.slice(0, -2), grad.shape.slice(0, -2));
  return axes.length === 0 ? grad : tf.reshape(tf.sum(grad, axes), shape);
}
