import * as tf from '@tensorflow/tfjs';
import { ArrayDataset } from '@otfuse/data';
import { useTestBackend } from './__fixtures__/backend';
import { maskedLm } from './tasks/masked-lm';
import { train } from './train';

describe('train on per-token labels (masked LM)', () => {
  beforeAll(useTestBackend);

  // One example of 4 positions; labels 0, 0, 1 and one -100 position.
  const tokens = new ArrayDataset({
    name: 'tokens',
    split: 'train',
    inputShape: [4],
    numClasses: 2,
    labelShape: [4],
    x: Float32Array.of(0, 0, 0, 0),
    y: Int32Array.of(0, -100, 0, 1),
  });

  it('steps on the mean cross-entropy of the labelled tokens only', async () => {
    // logits [1, 4, 2] = b at every position; from b = 0 the gradient is the mean over the three
    // labelled tokens of softmax(b) − onehot(label) = ([−½, ½] + [−½, ½] + [½, −½]) / 3 = [−⅙, ⅙].
    const b = tf.variable(tf.zeros([2]));
    const history = await train((x) => tf.add(tf.zeros([x.shape[0], 4, 2]), b), tokens, { task: maskedLm, steps: 1, batchSize: 1, lr: 1, optimizer: 'sgd', seed: 0 });
    expect(history.losses[0]).toBeCloseTo(Math.log(2), 6);
    const [b0, b1] = Array.from(b.dataSync());
    expect(b0).toBeCloseTo(1 / 6, 6);
    expect(b1).toBeCloseTo(-1 / 6, 6);
    b.dispose();
  });

  it('names the logits shape per-token labels need', async () => {
    await expect(train((x) => tf.zeros([x.shape[0], 2]), tokens, { task: maskedLm, steps: 1, batchSize: 1, lr: 1, seed: 0 })).rejects.toThrow(
      'model output: expected logits [1, 4, 2] for inputs [1, 4], got [1, 2]',
    );
  });
});
