import * as tf from '@tensorflow/tfjs';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import type { ParamModel } from '@otfuse/train';

/** A plugin's model as trainable variables: what `train` and `evaluate` take. */
export interface TrainableModel extends ParamModel {
  /** The current parameters, copied to host memory. */
  snapshot(): Map<string, HostTensor>;
  dispose(): void;
}

export function trainable<Config>(architecture: ArchitecturePlugin<Config>, config: Config, weights: ReadonlyMap<string, HostTensor> | Record<string, HostTensor>): TrainableModel {
  const entries = weights instanceof Map ? [...weights] : Object.entries(weights);
  const params: Record<string, tf.Variable> = {};
  for (const [name, t] of entries) params[name] = tf.variable(tf.tensor(t.data, t.shape, 'float32'), true, `${name}#${variableSerial++}`);
  return {
    params,
    forward: (p, x) => {
      const out = architecture.forward(config, p, x);
      for (const a of out.activations.values()) a.dispose();
      return out.logits;
    },
    snapshot: () => new Map(Object.entries(params).map(([name, v]) => [name, { shape: [...v.shape], data: v.dataSync() as Float32Array }])),
    dispose: () => Object.values(params).forEach((v) => v.dispose()),
  };
}

// tfjs variable names are global: a serial keeps two models' variables apart.
let variableSerial = 0;
