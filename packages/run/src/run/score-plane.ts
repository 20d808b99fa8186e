import * as tf from '@tensorflow/tfjs';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import type { Dataset } from '@otfuse/data';
import { EvaluationScorer, type ForwardEngine, type LabelledTask, type Task, evaluationResult, labelledTask, scoreBatches } from '@otfuse/train';
import type { TrainableModel } from '../trainable';
import { trainable } from '../trainable';
import type { Score } from '../report/scores';
import { scoreOf } from './score';

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
  private readonly scorer: EvaluationScorer;
  private readonly task: LabelledTask;
  readonly engine: ForwardEngine;

  private constructor(
    private readonly model: TrainableModel,
    task: Task,
    sample: Dataset,
    private readonly batchSize: number,
  ) {
    this.task = labelledTask(task, sample, 'score');
    // The plane scores many points through one scorer: it always compiles (when it can), once.
    this.scorer = new EvaluationScorer(model, this.task, sample, Number.POSITIVE_INFINITY);
    this.engine = this.scorer.prepare(sample.get(Int32Array.from({ length: Math.min(sample.size, batchSize) }, (_, i) => i)));
  }

  /**
   * A scorer whose variables start as `shape`'s weights (any model of the plane: they fix names
   * and shapes), its forward pass and scoring compiled on the first examples of `sample`.
   */
  static open(model: { architecture: ArchitecturePlugin; config: unknown; task: Task; shape: ReadonlyMap<string, HostTensor> }, sample: Dataset, batchSize: number): PlaneScorer {
    const variables = trainable(model.architecture, model.config, model.shape);
    return new PlaneScorer(variables, model.task, sample, batchSize);
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

  /** Accuracy and mean cross-entropy of the assigned model over the predictions of `test`, as `evaluate` counts them. */
  async evaluate(test: Dataset): Promise<Score> {
    return scoreOf(evaluationResult(scoreBatches(this.scorer, test, this.batchSize), this.task, test.size));
  }

  dispose(): void {
    for (const name of [...this.held.keys()]) this.release(name);
    this.model.dispose();
  }
}
