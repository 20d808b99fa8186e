import * as tf from '@tensorflow/tfjs';
import { FusionError, formatShape } from '../errors';
import { HostTensor, ModelWeights } from '../weights';
import { hostScope } from './host-scope';

/** Vanilla fusion: the plain (weighted) parameter average of models with identical shapes. */
export function vanillaFusion(models: readonly ModelWeights[], weights?: readonly number[]): Map<string, HostTensor> {
  if (models.length === 0) throw new FusionError('INCOMPATIBLE_MODELS', 'vanilla fusion needs at least one model');
  const raw = weights ?? models.map(() => 1);
  const total = raw.reduce((a, b) => a + b, 0);
  const names = models[0].names();
  models.forEach((model, m) => {
    const other = new Set(model.names());
    const missing = names.filter((n) => !other.has(n));
    const extra = [...other].filter((n) => !names.includes(n));
    if (missing.length || extra.length) {
      throw new FusionError(
        'INCOMPATIBLE_MODELS',
        `model ${m} has different parameters than model 0 (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'})`,
      );
    }
  });
  const out = new Map<string, HostTensor>();
  for (const name of names) {
    const shape = models[0].shape(name);
    models.forEach((model, m) => {
      if (formatShape(model.shape(name)) !== formatShape(shape)) {
        throw new FusionError(
          'INCOMPATIBLE_MODELS',
          `vanilla fusion needs equal shapes: model 0 has ${formatShape(shape)}, model ${m} has ${formatShape(model.shape(name))}`,
          [name],
        );
      }
    });
    out.set(
      name,
      hostScope(() => {
        let sum = tf.zeros([...shape]);
        models.forEach((model, m) => {
          sum = tf.add(sum, tf.mul(model.tensor(name), raw[m] / total));
        });
        return { shape: [...shape], data: sum.dataSync() as Float32Array };
      }),
    );
  }
  return out;
}
