import * as tf from '@tensorflow/tfjs';
import { ArchitecturePlugin, ModelWeights, disposeAll, formatShape, loadAll } from '@otfuse/core';
import { Dataset } from '@otfuse/data';
import { ConfigError } from '../config/config-error';
import { checkBatchFits, forwardFootprint } from './memory-guard';

export interface ProbedModel {
  config: unknown;
  weights: ModelWeights;
  /** Names the model in messages. */
  where: string;
}

/** The batch size the run will use for forward passes, checked against memory by the probe. */
export interface ProbedBatch {
  size: number;
  /** The setting that chose it, e.g. `eval.batch_size`. */
  setting: string;
}

/**
 * Runs each model on one and two examples before the long stages, so a model that cannot read
 * the data (wrong input layout or size, another number of classes) fails at once, naming both
 * sides, and a batch size whose forward pass cannot fit in memory is refused naming the setting.
 */
export async function probeModels(architecture: ArchitecturePlugin, models: readonly ProbedModel[], data: Dataset, layout: string, batch?: ProbedBatch): Promise<void> {
  if (data.size === 0) throw new ConfigError('DATA_MISMATCH', `the ${data.split} split of '${data.name}' is empty`);
  const examples = data.get(data.size > 1 ? [0, 1] : [0]);
  const perExample = examples.x.length / examples.shape[0];
  for (const model of models) {
    const params = loadAll(model.weights);
    try {
      const forward = (count: number) => {
        const logits = tf.tidy(() => {
          const x = tf.tensor(examples.x.subarray(0, count * perExample), [count, ...examples.shape.slice(1)], 'float32');
          const out = architecture.forward(model.config, params, x);
          out.activations.forEach((a) => a.dispose());
          return out.logits;
        });
        const shape = [...logits.shape];
        logits.dispose();
        return shape;
      };
      const shape = forward(1);
      // [1, classes], or [1, ...labelShape, classes] for per-token labels (masked LM).
      const expected = [1, ...(data.labelShape ?? []), data.numClasses];
      if (formatShape(shape) !== formatShape(expected)) {
        const labels = data.labelShape?.length ? ` and labels ${formatShape(data.labelShape)} per example` : '';
        throw new ConfigError('DATA_MISMATCH', `${model.where}: outputs logits ${formatShape(shape)} for one example, but '${data.name}' has ${data.numClasses} classes${labels} (expected ${formatShape(expected)})`);
      }
      if (batch && examples.shape[0] > 1) checkBatchFits(await forwardFootprint((n) => void forward(n)), batch.size, batch.setting, model.where);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new ConfigError('DATA_MISMATCH', `${model.where} cannot read examples of '${data.name}' shaped ${formatShape(data.inputShape)} (layout '${layout}'): ${detail}`);
    } finally {
      disposeAll(params);
    }
  }
}
