import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, FusionError, HostTensor } from '@otfuse/core';
import type { ParamModel } from '@otfuse/train';

/** A plugin's model as trainable variables: what `train` and `evaluate` take. */
export interface TrainableModel extends ParamModel {
  /** The current parameters and buffers, copied to host memory. */
  snapshot(): Map<string, HostTensor>;
  dispose(): void;
}

/**
 * The model as variables. The plugin's buffers (BatchNorm running statistics and counters) are
 * non-trainable variables; when the plugin has a training-mode forward pass, training runs it
 * and stores the buffers' new values after every batch, while evaluation runs `forward`.
 */
export function trainable<Config>(architecture: ArchitecturePlugin<Config>, config: Config, weights: ReadonlyMap<string, HostTensor> | Record<string, HostTensor>): TrainableModel {
  const entries = weights instanceof Map ? [...weights] : Object.entries(weights);
  const buffers = new Set(architecture.buffers?.(config) ?? []);
  const params: Record<string, tf.Variable> = {};
  // `tf.variable(tensor)` shares the tensor's buffer and counts it: made inside a tidy, the
  // tensors are let go and the variables alone hold the weights (outside one, every model made
  // here would leave a second reference keeping its buffers in the heap after `dispose`).
  tf.tidy(() => {
    for (const [name, t] of entries) params[name] = tf.variable(tf.tensor(t.data, t.shape, 'float32'), !buffers.has(name), `${name}#${variableSerial++}`);
  });
  const trainingForward = architecture.trainingForward?.bind(architecture);
  return {
    params,
    forward: (p, x) => {
      const out = architecture.forward(config, p, x);
      for (const a of out.activations.values()) a.dispose();
      return out.logits;
    },
    ...(trainingForward && {
      trainingForward: (p: Readonly<Record<string, tf.Tensor>>, x: tf.Tensor) => {
        const { logits, buffers: updated } = trainingForward(config, p, x);
        const stray = [...updated.keys()].find((name) => !buffers.has(name) || !params[name]);
        if (stray !== undefined) {
          tf.dispose([logits, ...updated.values()]);
          throw new FusionError('BAD_WEIGHTS', `${architecture.id}: the training forward pass updated '${stray}', which is not one of the model's buffers`);
        }
        for (const [name, value] of updated) {
          params[name].assign(value);
          value.dispose();
        }
        return logits;
      },
    }),
    snapshot: () => new Map(Object.entries(params).map(([name, v]) => [name, { shape: [...v.shape], data: v.dataSync() as Float32Array }])),
    dispose: () => Object.values(params).forEach((v) => v.dispose()),
  };
}

// tfjs variable names are global: a serial keeps two models' variables apart.
let variableSerial = 0;
