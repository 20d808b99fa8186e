import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, ModelWeights, disposeAll, formatShape, loadAll } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { ConfigError } from '../config/config-error';

export interface ProbedModel {
  config: unknown;
  weights: ModelWeights;
  /** Names the model in messages. */
  where: string;
}

/**
 * Runs each model on one example before the long stages, so a model that cannot read the data
 * (wrong input layout or size, another number of classes) fails at once, naming both sides.
 */
export function probeModels(architecture: ArchitecturePlugin, models: readonly ProbedModel[], data: Dataset, layout: string): void {
  if (data.size === 0) throw new ConfigError('DATA_MISMATCH', `the ${data.split} split of '${data.name}' is empty`);
  const batch = data.get([0]);
  for (const model of models) {
    const params = loadAll(model.weights);
    try {
      const logits = tf.tidy(() => {
        const out = architecture.forward(model.config, params, tf.tensor(batch.x, batch.shape, 'float32'));
        out.activations.forEach((a) => a.dispose());
        return out.logits;
      });
      const shape = [...logits.shape];
      logits.dispose();
      if (shape.length !== 2 || shape[1] !== data.numClasses) {
        throw new ConfigError('DATA_MISMATCH', `${model.where}: outputs logits ${formatShape(shape)} for one example, but '${data.name}' has ${data.numClasses} classes`);
      }
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new ConfigError('DATA_MISMATCH', `${model.where} cannot read examples of '${data.name}' shaped ${formatShape(data.inputShape)} (layout '${layout}'): ${detail}`);
    } finally {
      disposeAll(params);
    }
  }
}
