import * as tf from '@tensorflow/tfjs';
import { compileForward } from '@otfuse/backend';
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
 * parameters are graph inputs), so the forward pass is traced and compiled once for all points
 * and a point's tensors are let go as soon as the next one is assigned.
 */
export class PlaneScorer {
  private readonly held = new Map<string, Map<string, tf.Tensor>>();
  private readonly logits: (x: tf.Tensor) => tf.Tensor;
  readonly engine: ForwardEngine;

  private constructor(
    private readonly model: TrainableModel,
    sample: Dataset,
    private readonly batchSize: number,
  ) {
    const forward = (x: tf.Tensor) => model.forward(model.params, x);
    const compiled = this.compile(forward, sample);
    this.engine = 'forward' in compiled ? { engine: 'onnxruntime-node', kernels: compiled.forward.kernels } : { engine: 'tfjs', reason: compiled.refused };
    this.logits = 'forward' in compiled ? (x) => compiled.forward.run(x) : forward;
  }

  /**
   * A scorer whose variables start as `shape`'s weights (any model of the plane: they fix names
   * and shapes), its forward pass compiled on the first examples of `sample`.
   */
  static open(model: { architecture: ArchitecturePlugin; config: unknown; shape: ReadonlyMap<string, HostTensor> }, sample: Dataset, batchSize: number): PlaneScorer {
    return new PlaneScorer(modelVariables({ architecture: model.architecture, config: model.config, weights: model.shape }), sample, batchSize);
  }

  private compile(forward: (x: tf.Tensor) => tf.Tensor, test: Dataset) {
    const rows = Math.min(test.size, this.batchSize);
    const sample = test.get(Array.from({ length: rows }, (_, i) => i));
    const x = tf.tensor(sample.x, sample.shape, 'float32');
    try {
      return compileForward(forward, x);
    } finally {
      x.dispose();
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

  /** Accuracy and mean cross-entropy of the assigned model over the predictions of `test`, counted as `evaluate` of `@otfuse/train` counts them. */
  async evaluate(test: Dataset): Promise<Score> {
    let correct = 0;
    let lossSum = 0;
    let predictions = 0;
    for (const batch of batches(test, { batchSize: this.batchSize })) {
      const sums = tf.tidy(() => {
        const { x, y } = batchTensors(batch, test.labelShape);
        const logits = logitsOf(this.logits, x, test.numClasses, false, test.labelShape ?? []);
        const { losses, labelled } = crossEntropyPerPosition(logits, y);
        const predicted = tf.reshape(tf.argMax(logits, -1), [-1]);
        const hits = tf.sum(tf.mul(tf.cast(tf.equal(predicted, tf.reshape(y, [-1])), 'float32'), labelled));
        return tf.stack([hits, tf.sum(losses), tf.sum(labelled)]);
      });
      const [hits, loss, labelled] = await sums.data();
      sums.dispose();
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
