import * as tf from '@tensorflow/tfjs';
import type { ArchitecturePlugin, HostTensor } from '@otfuse/core';
import type { Dataset } from '@otfuse/data';
import { EvaluationScorer, type ForwardEngine, type LabelledTask, type Task, evaluationResult, labelledTask, scoreBatches } from '@otfuse/train';
import type { TrainableModel } from '../trainable';
import { trainable } from '../trainable';
import type { Score } from '../report/scores';
import { scoreOf } from './score';

/**
 * A model's parameters by name: a map in memory, or a checkpoint read whenever a parameter is
 * asked for (a parent of BERT-base size need not stay in memory for the figures).
 */
export interface ParameterSource {
  get(param: string): HostTensor | undefined;
}

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
 * landscape's plane, the barrier's lines). The models it combines stay on the host or in their
 * files (a BERT-base is 440 MB, and the WebAssembly heap never gives memory back): each point's weights are
 * computed there, parameter by parameter in float32 as tfjs computes them, and assigned into one
 * set of variables, which one compiled onnxruntime-node graph reads in place (its parameters are
 * graph inputs), so the forward pass with its scoring is traced and compiled once for all points.
 */
export class PlaneScorer {
  private readonly held = new Map<string, ParameterSource>();
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

  /** Keeps a model under `name` for the terms of later points (the source itself: nothing is copied). */
  hold(name: string, weights: ParameterSource): void {
    this.held.set(name, weights);
  }

  /**
   * A held model computed from others, e.g. the aligned model 2·θ_OT − θ_anchor: each parameter
   * is computed (as float32, as if stored) when a point asks for it, so it takes no memory between points.
   */
  holdCombination(name: string, terms: PlaneTerms): void {
    this.held.set(name, { get: (param) => this.combined(param, terms) });
  }

  release(name: string): void {
    this.held.delete(name);
  }

  /** Σ cₖ·θₖ of one parameter; a term with coefficient 1 alone is that model's tensor, bit for bit. */
  private combined(param: string, terms: PlaneTerms): HostTensor {
    const live = terms.filter(([c]) => c !== 0);
    if (live.length === 0) throw new Error(`no model contributes to the combination ${JSON.stringify(terms)}`);
    const parts = live.map(([c, name]): [number, HostTensor] => {
      const t = this.held.get(name)?.get(param);
      if (t === undefined) throw new Error(`model '${name}' is not held for the plane`);
      return [c, t];
    });
    if (parts.length === 1 && parts[0][0] === 1) return parts[0][1];
    return { shape: [...parts[0][1].shape], data: float32Combination(parts.map(([c, t]) => [c, t.data])) };
  }

  /** The test score of Σ cₖ·θₖ; its weights are replaced (and freed) by the next point's. */
  async score(terms: PlaneTerms, test: Dataset): Promise<Score> {
    this.assign(terms);
    return this.evaluate(test);
  }

  /** Makes Σ cₖ·θₖ the model scored, letting the previous point's weights go. */
  assign(terms: PlaneTerms): void {
    for (const [param, variable] of Object.entries(this.model.params)) {
      const { data, shape } = this.combined(param, terms);
      const value = tf.tensor(data, shape, 'float32');
      variable.assign(value);
      value.dispose();
    }
  }

  /** Accuracy and mean cross-entropy of the assigned model over the predictions of `test`, as `evaluate` counts them. */
  async evaluate(test: Dataset): Promise<Score> {
    return scoreOf(evaluationResult(scoreBatches(this.scorer, test, this.batchSize), this.task, test.size));
  }

  dispose(): void {
    this.held.clear();
    this.model.dispose();
  }
}

/**
 * Σ cₖ·vₖ in float32 arithmetic, as tfjs's `mul` and `add` compute it: each term is the float32
 * product of the values and float32(cₖ) (a coefficient of 1 takes the values as they are), and
 * the terms are added left to right, each sum rounded to float32. An operation on two float32
 * numbers computed in float64 and rounded once to float32 is the float32 operation's result, so
 * this is bit for bit what the heap's kernels give.
 */
export function float32Combination(terms: readonly (readonly [coefficient: number, values: Float32Array])[]): Float32Array {
  const out = new Float32Array(terms[0][1].length);
  terms.forEach(([c, values], k) => {
    if (values.length !== out.length) throw new RangeError(`a term of ${values.length} values in a combination of ${out.length}`);
    const scale = Math.fround(c);
    for (let i = 0; i < out.length; i++) {
      const term = c === 1 ? values[i] : Math.fround(values[i] * scale);
      // A Float32Array stores the float32 rounding of the float64 sum.
      out[i] = k === 0 ? term : out[i] + term;
    }
  });
  return out;
}
