import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../../errors';
import type { AttentionNode, ProjectionSpec } from '../../graph/nodes';
import { alignOutputAxis } from '../align-tensors';
import { NeuronDescriptions, descriptionsOf } from '../map-solver';
import type { AlignContext, Aligned } from './context';
import { InputAligned, alignOutputs, alignProjection, isWidening, keepOutputs, loadInputAligned } from './projection';
import { hostScope } from '../host-scope';
import { alignHeadAware } from './head-aware';

/**
 * Self-attention: Q, K, V take the input map; Q and K are aligned by the `qk_fusion` mode (or,
 * with `attentionHeads: 'head_aware'`, heads are matched whole first); the output projection
 * takes the value map as its input map (attention mixes tokens, not features) and emits the
 * node's output map.
 */
export function alignAttention(node: AttentionNode, ctx: AlignContext): Aligned {
  const inputMap = ctx.inputMap(node.input);
  const params = new Map<string, tf.Tensor>();
  let valueMap: Aligned['map'] & object;
  if (ctx.options.attentionHeads === 'head_aware') {
    const aligned = alignHeadAware(node, ctx, inputMap, (q, k) => describeStackedSamples(node, ctx, q, k));
    aligned.params.forEach((t, n) => params.set(n, t));
    valueMap = aligned.valueMap;
  } else {
    const mode = node.qkFusion ?? ctx.options.qkFusion;
    const qk = mode === 'separate' ? alignSeparate(node, ctx, inputMap) : alignShared(node, ctx, inputMap, mode);
    qk.forEach((t, n) => params.set(n, t));
    const value = alignProjection(ctx, node.v, inputMap, `${node.id} › V`);
    value.params.forEach((t, n) => params.set(n, t));
    valueMap = value.map;
  }
  if (node.fixedOutput) {
    keepOutputs(loadInputAligned(ctx, node.o.weight, node.o.bias, valueMap)).forEach((t, n) => params.set(n, t));
    return { params, map: null };
  }
  const output = alignProjection(ctx, node.o, valueMap, `${node.id} › O`);
  output.params.forEach((t, n) => params.set(n, t));
  return { params, map: output.map };
}

function alignSeparate(node: AttentionNode, ctx: AlignContext, inputMap: Aligned['map']): Map<string, tf.Tensor> {
  const q = alignProjection(ctx, node.q, inputMap, `${node.id} › Q`);
  const k = alignProjection(ctx, node.k, inputMap, `${node.id} › K`);
  return new Map([...q.params, ...k.params]);
}

/**
 * `eq_t_map`: one map for Q and K from their descriptions stacked as extra samples.
 * `joint`: Q and K rows concatenated into one layer of 2·n neurons, aligned, then split. As in
 * the reference, weights are stacked in Q,K order and activations in K,Q order.
 */
function alignShared(node: AttentionNode, ctx: AlignContext, inputMap: Aligned['map'], mode: 'eq_t_map' | 'joint'): Map<string, tf.Tensor> {
  const label = `${node.id} › QK`;
  const q = loadInputAligned(ctx, node.q.weight, node.q.bias, inputMap);
  const k = loadInputAligned(ctx, node.k.weight, node.k.bias, inputMap);
  try {
    const [d0, d1] = mode === 'eq_t_map' ? describeStackedSamples(node, ctx, q, k) : describeJoint(node, ctx, q, k);
    const solved = ctx.solveMap(d0, d1, { label, widening: isWidening(d0.count, d1.count, inputMap) });
    if (mode === 'eq_t_map') {
      // One map serves both projections; it is recorded for each, as the reference reports it.
      ctx.recordMap(`${node.id} › Q`, solved);
      ctx.recordMap(`${node.id} › K`, solved);
    } else {
      ctx.recordMap(label, solved);
    }
    if (mode === 'eq_t_map') return new Map([...alignOutputs(q, solved.map), ...alignOutputs(k, solved.map)]);
    return splitJoint(q, k, solved.map);
  } finally {
    for (const t of [q.weight, q.bias, k.weight, k.bias]) t?.dispose();
  }
}

function activationKeyOf(spec: ProjectionSpec, node: AttentionNode): string {
  if (!spec.activation) {
    throw new FusionError('MISSING_ACTIVATION', `activation mode needs activations of '${spec.weight}', and the graph names none`, [node.id]);
  }
  return spec.activation;
}

/** Per model: the rows (samples) of Q's and K's activation matrices stacked, then preprocessed. */
function describeStackedSamples(node: AttentionNode, ctx: AlignContext, q: InputAligned, k: InputAligned): [NeuronDescriptions, NeuronDescriptions] {
  if (ctx.options.mode === 'wts') {
    return [concatDescriptions(q.weight, k.weight, 1), anchorPair(ctx, node, (aq, ak) => concatDescriptions(aq, ak, 1))];
  }
  const qKey = activationKeyOf(node.q, node);
  const kKey = activationKeyOf(node.k, node);
  return ctx.describeByCombinedActivations([qKey, kKey], 'samples', `${node.id} › QK`);
}

/** Per model: one layer of 2·n neurons (weights Q then K; activations K then Q). */
function describeJoint(node: AttentionNode, ctx: AlignContext, q: InputAligned, k: InputAligned): [NeuronDescriptions, NeuronDescriptions] {
  if (ctx.options.mode === 'wts') {
    return [concatDescriptions(q.weight, k.weight, 0), anchorPair(ctx, node, (aq, ak) => concatDescriptions(aq, ak, 0))];
  }
  const qKey = activationKeyOf(node.q, node);
  const kKey = activationKeyOf(node.k, node);
  return ctx.describeByCombinedActivations([kKey, qKey], 'features', `${node.id} › QK`);
}

function anchorPair(ctx: AlignContext, node: AttentionNode, build: (q: tf.Tensor, k: tf.Tensor) => NeuronDescriptions): NeuronDescriptions {
  const aq = ctx.anchor.tensor(node.q.weight);
  const ak = ctx.anchor.tensor(node.k.weight);
  try {
    return build(aq, ak);
  } finally {
    aq.dispose();
    ak.dispose();
  }
}

/** Axis 0: one row per stacked neuron; axis 1: each neuron's two rows side by side. */
function concatDescriptions(a: tf.Tensor, b: tf.Tensor, axis: 0 | 1): NeuronDescriptions {
  return hostScope(() => descriptionsOf(tf.concat([a.reshape([a.shape[0], -1]), b.reshape([b.shape[0], -1])], axis)));
}

function splitJoint(q: InputAligned, k: InputAligned, map: Aligned['map'] & object): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  const half = map.n1 / 2;
  tf.tidy(() => {
    const weights = alignOutputAxis(tf.concat([q.weight, k.weight], 0), map, `${q.weightName} + ${k.weightName}`);
    const [wq, wk] = tf.split(weights, [half, half], 0);
    out.set(q.weightName, tf.keep(wq));
    out.set(k.weightName, tf.keep(wk));
    if (q.bias && k.bias && q.biasName && k.biasName) {
      const biases = alignOutputAxis(tf.concat([q.bias, k.bias], 0), map, `${q.biasName} + ${k.biasName}`);
      const [bq, bk] = tf.split(biases, [half, half], 0);
      out.set(q.biasName, tf.keep(bq));
      out.set(k.biasName, tf.keep(bk));
    }
  });
  return out;
}
