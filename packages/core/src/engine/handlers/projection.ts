import * as tf from '@tensorflow/tfjs';
import { FusionError, inScope } from '../../errors';
import { alignInputAxis, alignOutputAxis } from '../align-tensors';
import { NeuronDescriptions, descriptionsOf } from '../map-solver';
import type { TransportMap } from '../transport-map';
import type { AlignContext } from './context';

/** A weight (and bias) of one model, input-aligned, waiting for its output map. */
export interface InputAligned {
  weight: tf.Tensor;
  bias?: tf.Tensor;
  weightName: string;
  biasName?: string;
}

/** Loads a projection of the aligned model and applies the incoming map to its input axis. */
export function loadInputAligned(ctx: AlignContext, weightName: string, biasName: string | undefined, inputMap: TransportMap | null): InputAligned {
  const raw = ctx.model.tensor(weightName);
  const weight = inputMap ? alignInputAxis(raw, inputMap, weightName) : raw;
  if (weight !== raw) raw.dispose();
  const bias = biasName ? ctx.model.tensor(biasName) : undefined;
  return { weight, bias, weightName, biasName };
}

/** Neuron descriptions from weights: rows of the input-aligned weight vs the anchor's rows. */
export function describeByWeights(ctx: AlignContext, aligned: tf.Tensor, anchorWeightName: string): [NeuronDescriptions, NeuronDescriptions] {
  const anchor = ctx.anchor.tensor(anchorWeightName);
  try {
    return [descriptionsOf(aligned), descriptionsOf(anchor)];
  } finally {
    anchor.dispose();
  }
}

/** Applies an output map to weight and bias; disposes the inputs. */
export function alignOutputs(projection: InputAligned, map: TransportMap): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  out.set(projection.weightName, alignOutputAxis(projection.weight, map, projection.weightName));
  projection.weight.dispose();
  if (projection.bias && projection.biasName) {
    out.set(projection.biasName, alignOutputAxis(projection.bias, map, projection.biasName));
    projection.bias.dispose();
  }
  return out;
}

/** Parameters kept as they are (fixed outputs): input-aligned weight, unaligned bias. */
export function keepOutputs(projection: InputAligned): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>([[projection.weightName, projection.weight]]);
  if (projection.bias && projection.biasName) out.set(projection.biasName, projection.bias);
  return out;
}

/**
 * Describes a projection's neurons the configured way: by activations under `activationKey`, or
 * by the rows of the input-aligned weight.
 */
export function describeProjection(
  ctx: AlignContext,
  projection: InputAligned,
  activationKey: string | undefined,
  label: string,
): [NeuronDescriptions, NeuronDescriptions] {
  return inScope(label, () => {
    if (ctx.options.mode === 'wts') return describeByWeights(ctx, projection.weight, projection.weightName);
    if (!activationKey) {
      throw new FusionError('MISSING_ACTIVATION', 'activation mode needs an activation key for this layer, and the graph gives none');
    }
    return ctx.describeByActivations(activationKey, label);
  });
}

/** True when a layer's map (`n0 × n1`) is larger than its incoming map on either side. */
export function isWidening(n0: number, n1: number, inputMap: TransportMap | null): boolean {
  return inputMap !== null && (n0 > inputMap.n0 || n1 > inputMap.n1);
}

/** The full linear step: input alignment, map from descriptions, output alignment. */
export function alignProjection(
  ctx: AlignContext,
  spec: { weight: string; bias?: string; activation?: string },
  inputMap: TransportMap | null,
  label: string,
): { params: Map<string, tf.Tensor>; map: TransportMap } {
  const projection = loadInputAligned(ctx, spec.weight, spec.bias, inputMap);
  try {
    const [d0, d1] = describeProjection(ctx, projection, spec.activation, label);
    const solved = ctx.solveMap(d0, d1, { label, widening: isWidening(d0.count, d1.count, inputMap) });
    ctx.recordMap(label, solved);
    return { params: alignOutputs(projection, solved.map), map: solved.map };
  } catch (error) {
    projection.weight.dispose();
    projection.bias?.dispose();
    throw error;
  }
}
