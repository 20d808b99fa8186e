import * as tf from '@tensorflow/tfjs';
import { useTestBackend } from '../__tests__/setup-backend';
import { runStages } from '../staged-forward';
import { ActivationRecorder } from './activation-recorder';
import { recordingStages } from './recording-stages';

beforeAll(useTestBackend);

describe('recordingStages', () => {
  it('declares the wanted keys of a stage and records them with a recorder per run', () => {
    const wanted = new Set(['double']);
    const recorders: tf.Tensor[][] = [];
    const stage = recordingStages(wanted, (state) => {
      recorders.push(state);
      return new ActivationRecorder(wanted);
    });
    const stages = [
      stage('double', ['w'], ['double', 'unused'], (params, [x], record) => {
        const y = tf.mul(x, params.w);
        record.output(['double'], y);
        return [y];
      }),
      stage('plus', [], ['plus'], (_params, [x]) => [tf.add(x, 1)]),
    ];
    expect(stages.map((s) => [s.id, s.params, s.keys])).toEqual([
      ['double', ['w'], ['double']],
      ['plus', [], []],
    ]);
    const inputs = tf.tensor2d([1, 2], [1, 2]);
    const { logits, activations } = runStages(stages, { w: tf.scalar(2) }, inputs);
    expect(Array.from(logits.dataSync())).toEqual([3, 5]);
    expect(Array.from(activations.get('double')!.dataSync())).toEqual([2, 4]);
    expect(recorders).toHaveLength(2);
    expect(recorders[0][0]).toBe(inputs);
  });
});
