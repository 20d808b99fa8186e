import * as tf from '@tensorflow/tfjs';
import type { EmbeddingNode } from '../../graph/nodes';
import { alignLastAxis } from '../align-tensors';
import type { AlignContext, Aligned } from './context';
import { NeuronDescriptions, descriptionsOf } from '../map-solver';
import { hostScope } from '../host-scope';

/**
 * A table whose last axis holds features (position embeddings, CLS token, word embeddings).
 * Each feature is described by its column of values, or by a captured activation, and the
 * table is aligned on that axis.
 */
export function alignEmbedding(node: EmbeddingNode, ctx: AlignContext): Aligned {
  const table = ctx.model.tensor(node.param);
  try {
    const [d0, d1] = node.activation
      ? ctx.describeByActivations(node.activation, node.id)
      : describeByColumns(ctx, table, node.param);
    const solved = ctx.solveMap(d0, d1, { label: node.id, widening: false });
    ctx.recordMap(node.id, solved);
    const aligned = alignLastAxis(table, solved.map, node.param);
    return { params: new Map([[node.param, aligned]]), map: node.propagate === false ? null : solved.map };
  } finally {
    table.dispose();
  }
}

/** Columns of a `[..., features]` table, as they are (the reference uses the raw values in both modes). */
function describeByColumns(ctx: AlignContext, table: tf.Tensor, param: string): [NeuronDescriptions, NeuronDescriptions] {
  const anchorTable = ctx.anchor.tensor(param);
  try {
    return [columnsOf(table), columnsOf(anchorTable)];
  } finally {
    anchorTable.dispose();
  }
}

function columnsOf(table: tf.Tensor): NeuronDescriptions {
  const features = table.shape[table.shape.length - 1];
  return hostScope(() => descriptionsOf(table.reshape([-1, features]).transpose()));
}
