import * as tf from '@tensorflow/tfjs';
import { type CompiledBatchFunction, compileBatchFunction } from '@otfuse/backend';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import { type Dataset, batches } from '@otfuse/data';
import { type ForwardEngine, batchTensors, crossEntropyPerPosition, logitsOf, taskOf } from '@otfuse/train';
import type { TrainableModel } from '../trainable';
import { type Score, modelVariables } from './score';

/** A model on the plane: Σ cₖ·θₖ over named models held by the scorer. */
export type PlaneTerms = readonly (readonly [coefficient: number, model: string])[];

/** The terms that contribute (zero coefficients add nothing), as a key: equal keys are the same weights, bit for bit. */
export function termsKey(terms: PlaneTerms): string {
  return terms
    .filter(([c]) => c !== 0)
    .map(([c, name]) => `${c}·${name}`)
    .join(' + ');
}

/**
 * Scores many models of one architecture that are linear combinations of a few models (the
 * landscape's plane, the barrier's lines). The combined models never leave the
 * WebAssembly heap: each point's weights are computed there from the held models and assigned
 * into one set of variables, which one compiled onnxruntime-node graph reads in place (its
 * parameters are graph inputs), so the forward pass with its scoring is traced and compiled once
 * for all points, and a point's tensors are let go as soon as the next one is assigned.
 */
export class PlaneScorer {
  private readonly held = new Map<string, Map<string, tf.Tensor>>();
  private readonly compiled: CompiledBatchFunction | undefined;
  readonly engine: ForwardEngine;

  private constructor(
    private readonly model: TrainableModel,
    private readonly task: { numClasses: number; labelShape: readonly number[] },
    sample: Dataset,
    private readonly batchSize: number,
  ) {
    const outcome = this.compile(sample);
    this.compiled = 'compiled' in outcome ? outcome.compiled : undefined;
    this.engine = 'compiled' in outcome ? { engine: 'onnxruntime-node', kernels: outcome.compiled.kernels } : { engine: 'tfjs', reason: outcome.refused };
  }

  /**
   * A scorer whose variables start as `shape`'s weights (any model of the plane: they fix names
   * and shapes), its forward pass and scoring compiled on the first examples of `sample`.
   */
  static open(model: { architecture: ArchitecturePlugin; config: unknown; shape: ReadonlyMap<string, HostTensor> }, sample: Dataset, batchSize: number): PlaneScorer {
    const variables = modelVariables({ architecture: model.architecture, config: model.config, weights: model.shape });
    return new PlaneScorer(variables, { numClasses: sample.numClasses, labelShape: sample.labelShape ?? [] }, sample, batchSize);
  }

  /**
   * `[hits, loss sum, labelled]` of inputs `x` and labels `y`, as `evaluate` of `@otfuse/train`
   * counts them; compiled with the forward pass, only these three numbers leave the graph.
   */
  private scores = ([x, y]: tf.Tensor[]): tf.Tensor[] => {
    const logits = logitsOf(this.model, x, this.task.numClasses, false, this.task.labelShape);
    const { losses, labelled } = crossEntropyPerPosition(logits, y);
    const predicted = tf.reshape(tf.argMax(logits, -1), [-1]);
    const hits = tf.sum(tf.mul(tf.cast(tf.equal(predicted, tf.reshape(y, [-1])), 'float32'), labelled));
    return [tf.stack([hits, tf.sum(losses), tf.sum(labelled)])];
  };

  private compile(test: Dataset) {
    const rows = Math.min(test.size, this.batchSize);
    const { x, y } = batchTensors(test.get(Array.from({ length: rows }, (_, i) => i)), this.task.labelShape);
    try {
      return compileBatchFunction(this.scores, [x, y]);
    } finally {
      tf.dispose([x, y]);
    }
  }

  /** Uploads a model into the heap under `name`, for the terms of later points. */
  hold(name: string, weights: ReadonlyMap<string, HostTensor>): void {
    this.release(name);
    this.held.set(name, new Map([...weights].map(([param, t]) => [param, tf.tensor(t.data, t.shape, 'float32')])));
  }

  /** A held model computed from others, e.g. the aligned model 2·θ_OT − θ_anchor. */
  holdCombination(name: string, terms: PlaneTerms): void {
    const combined = new Map(Object.keys(this.model.params).map((param) => [param, this.combined(param, terms)]));
    this.release(name);
    this.held.set(name, combined);
  }

  release(name: string): void {
    for (const t of this.held.get(name)?.values() ?? []) t.dispose();
    this.held.delete(name);
  }

  /** Σ cₖ·θₖ of one parameter; a term with coefficient 1 alone is that model's tensor, bit for bit. */
  private combined(param: string, terms: PlaneTerms): tf.Tensor {
    const live = terms.filter(([c]) => c !== 0);
    if (live.length === 0) throw new Error(`no model contributes to the combination ${JSON.stringify(terms)}`);
    return tf.tidy(() => {
      const scaled = live.map(([c, name]) => {
        const t = this.held.get(name)?.get(param);
        if (t === undefined) throw new Error(`model '${name}' is not held for the plane`);
        return c === 1 ? t : tf.mul(t, c);
      });
      // A lone unscaled tensor is cloned (the buffer is shared, counted), so disposing the result leaves the held model alone.
      return scaled.length === 1 ? tf.clone(scaled[0]) : scaled.reduce((sum, t) => tf.add(sum, t));
    });
  }

  /** The test score of Σ cₖ·θₖ; its weights are replaced (and freed) by the next point's. */
  async score(terms: PlaneTerms, test: Dataset): Promise<Score> {
    this.assign(terms);
    return this.evaluate(test);
  }

  /** Makes Σ cₖ·θₖ the model scored, letting the previous point's weights go. */
  assign(terms: PlaneTerms): void {
    for (const [param, variable] of Object.entries(this.model.params)) {
      const value = this.combined(param, terms);
      variable.assign(value);
      value.dispose();
    }
  }

  /** Accuracy and mean cross-entropy of the assigned model over the predictions of `test`. */
  async evaluate(test: Dataset): Promise<Score> {
    let correct = 0;
    let lossSum = 0;
    let predictions = 0;
    for (const batch of batches(test, { batchSize: this.batchSize })) {
      // The plane's examples were scored for the results table first, which checked their inputs: no tfjs rerun is needed to explain a NaN.
      const [hits, loss, labelled] = tf.tidy(() => {
        const { x, y } = batchTensors(batch, this.task.labelShape);
        return this.compiled?.accepts([x, y]) ? this.compiled.run([x, y])[0].data : (this.scores([x, y])[0].dataSync() as Float32Array);
      });
      correct += hits;
      lossSum += loss;
      predictions += labelled;
    }
    const task = taskOf(test);
    const score: Score = { task, accuracy: correct / predictions, loss: lossSum / predictions, count: test.size, predictions };
    if (task === 'masked-lm') score.perplexity = Math.exp(score.loss);
    return score;
  }

  dispose(): void {
    for (const name of [...this.held.keys()]) this.release(name);
    this.model.dispose();
  }
}
