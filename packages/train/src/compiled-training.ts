import * as tf from '@tensorflow/tfjs';
import { FORWARD_TOLERANCE, compileTrainingFunction, largestDifference, type CompiledFunction, type NativeMatmulMode } from '@otfuse/backend';
import type { Batch } from '@otfuse/data';
import { batchTensors } from './batch-tensors';
import { type ParamModel, checkedLogits } from './model';
import type { LabelledTask } from './tasks/task';
import type { UpdateRule } from './update-rule';

/** What a compiled training step needs to know besides the model. */
export interface StepDefinition {
  /** The task whose loss the step minimises. */
  readonly task: LabelledTask;
  readonly rule: UpdateRule;
  /** Each step first scales every trained variable by this (decoupled weight decay; 1 for none). */
  readonly keep: number;
  /** The data set's classes and label shape, which fix the logits shape the task expects. */
  readonly numClasses: number;
  readonly labelShape: readonly number[];
}

/** Host copies of the trained variables and their optimizer state, as the graph reads and writes them. */
interface HostState {
  /** Per trained variable: its values, then one array per state slot. */
  readonly values: Float32Array[];
  readonly slots: Float32Array[][];
}


/** Rows of the first batch the compilation reads: traces at 2 and 3 examples, then the check on 4. */
const TRACE_BATCHES = [2, 3] as const;
const CHECK_BATCH = 4;
export const MIN_BATCH_TO_COMPILE = TRACE_BATCHES[0] + TRACE_BATCHES[1];

/**
 * One training step (forward, backward, weight decay and the optimizer's update) compiled into
 * one onnxruntime graph. Parameters and optimizer state live in host arrays between steps,
 * outside the WebAssembly heap, and go in and out of the graph at every step; the model's tfjs
 * variables get the trained values back from {@link writeBack}.
 */
export class CompiledTraining {
  private state: HostState;
  /** The arrays the next step writes into; swapped with `state` after a step succeeds. */
  private next: HostState;
  private readonly loss = new Float32Array(1);
  private steps = 0;
  /** The variables the graph returns, in its order of results. */
  private readonly updatedIndices: readonly number[];

  private constructor(
    private readonly compiled: CompiledFunction,
    private readonly variables: readonly tf.Variable[],
    /** Which variables the graph updates (those the loss reaches, or all with weight decay). */
    updated: readonly boolean[],
    private readonly rule: UpdateRule,
  ) {
    this.updatedIndices = updated.flatMap((isUpdated, i) => (isUpdated ? [i] : []));
    this.state = {
      values: variables.map((v) => Float32Array.from(v.dataSync() as Float32Array)),
      slots: variables.map((v) => Array.from({ length: rule.slots }, () => new Float32Array(v.size))),
    };
    // A variable the graph does not update keeps one array (and its zero slots) in both states.
    this.next = {
      values: variables.map((v, i) => (updated[i] ? new Float32Array(v.size) : this.state.values[i])),
      slots: variables.map((v, i) => (updated[i] ? this.state.slots[i].map(() => new Float32Array(v.size)) : this.state.slots[i])),
    };
  }

  get kernels(): number {
    return this.compiled.kernels;
  }

  /** Whether the model validated its inputs on the host when traced: then a NaN loss may hide a bad input. */
  get readsInput(): boolean {
    return this.compiled.readsInput;
  }

  /**
   * Compiles the step of `model` with `variables` (its trained variables, in order) and checks
   * it against tfjs on rows of `sample` (at least {@link MIN_BATCH_TO_COMPILE} examples).
   * Returns the refusal's reason when it cannot compile or does not match.
   */
  static compile(model: ParamModel, variables: readonly tf.Variable[], definition: StepDefinition, sample: Batch, mode: NativeMatmulMode): CompiledTraining | string {
    if (model.trainingForward) return 'the model has a training-mode forward pass that updates its buffers';
    if (sample.count < MIN_BATCH_TO_COMPILE) return `a first batch of at least ${MIN_BATCH_TO_COMPILE} examples is needed to compile, got ${sample.count}`;
    const step = new TracedStep(model, variables, definition);
    // The state of step 1: the variables themselves, zero slots, the first step's scalars.
    const { rule } = definition;
    const slots = variables.flatMap((v) => Array.from({ length: rule.slots }, () => tf.zerosLike(v)));
    const state = [...variables, ...slots, ...scalarInputs(rule, 1).map((s) => tf.tensor(s))];
    const rows = (begin: number, count: number) => [...sliceBatch(sample, begin, count, definition.labelShape), ...state];
    const [first, second] = [rows(0, TRACE_BATCHES[0]), rows(TRACE_BATCHES[0], TRACE_BATCHES[1])];
    const outcome = compileTrainingFunction(step.fn, { batch: TRACE_BATCHES[0], inputs: first }, { batch: TRACE_BATCHES[1], inputs: second }, mode);
    tf.dispose([...first.slice(0, 2), ...second.slice(0, 2), ...state.slice(variables.length)]);
    if ('refused' in outcome) return outcome.refused;
    const training = new CompiledTraining(outcome.compiled, variables, step.updated, definition.rule);
    const mismatch = training.check(step, sliceBatch(sample, 0, CHECK_BATCH, definition.labelShape));
    return mismatch ?? training;
  }

  /** Runs one step on `batch`: the loss, or NaN (then the state is kept as it was when `keepOnNaN`). */
  step(batch: Batch, keepOnNaN: boolean): number {
    this.steps++;
    const inputs = [batch.x, batch.y, ...this.stepInputs(this.state, this.steps)];
    this.compiled.run(batch.count, inputs, [this.loss, ...this.stepOutputs(this.next)]);
    const loss = this.loss[0];
    if (Number.isNaN(loss) && keepOnNaN) {
      this.steps--;
      return loss;
    }
    [this.state, this.next] = [this.next, this.state];
    return loss;
  }

  /** Gives the model's variables the trained values. */
  writeBack(): void {
    this.variables.forEach((variable, i) => {
      const trained = tf.tensor(this.state.values[i], variable.shape, 'float32');
      variable.assign(trained);
      trained.dispose();
    });
  }

  private stepInputs(state: HostState, step: number): Float32Array[] {
    return [...state.values, ...state.slots.flat(), ...scalarInputs(this.rule, step)];
  }

  private stepOutputs(state: HostState): Float32Array[] {
    return [...this.updatedIndices.map((i) => state.values[i]), ...this.updatedIndices.flatMap((i) => state.slots[i])];
  }

  /**
   * Runs step 1 both ways on `check` and compares the loss and the optimizer's state (which hold
   * the gradients: Adam's moments, momentum's accumulation), or the new parameters for a rule
   * without state (SGD's are linear in the gradients). Adam's new parameters are not compared:
   * its first step moves each by ±lr·g/(|g| + ε), which turns a rounding-sized difference in a
   * near-zero gradient into up to 2·lr; they follow from the moments by elementwise operations.
   * The compiled state is left untouched.
   */
  private check(step: TracedStep, check: tf.Tensor[]): string | undefined {
    const [x, y] = check;
    const inputs = [x.dataSync() as Float32Array, y.dataSync() as Int32Array, ...this.stepInputs(this.state, 1)];
    const outputs = this.compiled.outputs(CHECK_BATCH).map((o) => new Float32Array(tf.util.sizeFromShape([...o.shape])));
    this.compiled.run(CHECK_BATCH, inputs, outputs);
    const results = tf.tidy(() => step.fn([x, y, ...this.stateTensors(), ...scalarInputs(this.rule, 1).map((s) => tf.tensor(s))]));
    const expected = results.map((t) => t.dataSync() as Float32Array);
    tf.dispose([...results, ...check]);
    // Results: [loss, ...new parameters, ...new state]; with state, the parameters are skipped.
    const parameters = this.rule.slots > 0 ? this.updatedIndices.length : 0;
    for (let i = 0; i < outputs.length; i++) {
      if (i >= 1 && i <= parameters) continue;
      const { worst, scale } = largestDifference(outputs[i], expected[i]);
      // The tolerance every compiled graph is checked to, relative to each result's largest value.
      if (!(worst <= FORWARD_TOLERANCE * Math.max(1, scale))) {
        return `the compiled step's result ${i} differs from tfjs's by up to ${worst} (largest value ${scale}) on ${CHECK_BATCH} examples`;
      }
    }
    return undefined;
  }

  private stateTensors(): tf.Tensor[] {
    const shapes = this.variables.map((v) => v.shape);
    return [...this.state.values.map((values, i) => tf.tensor(values, shapes[i])), ...this.state.slots.flatMap((slots, i) => slots.map((values) => tf.tensor(values, shapes[i])))];
  }
}

/**
 * The step as a pure function of tensors, as it is traced: arguments `[x, y, ...values,
 * ...slots (per variable, slot by slot), scalars (when the rule has any)]`, results `[loss, ...new values of the updated
 * variables, ...their new slots]`.
 */
class TracedStep {
  /** Per variable, whether the step returns it; found on the first call, the same on every call. */
  updated: boolean[] = [];

  constructor(
    private readonly model: ParamModel,
    private readonly variables: readonly tf.Variable[],
    private readonly definition: StepDefinition,
  ) {}

  readonly fn = (inputs: tf.Tensor[]): tf.Tensor[] => {
    const { task, rule, keep, numClasses, labelShape } = this.definition;
    const logitsShape = task.logitsShape({ numClasses, labelShape });
    const count = this.variables.length;
    const [x, y] = inputs;
    const values = inputs.slice(2, 2 + count);
    const slots = values.map((_, i) => inputs.slice(2 + count + i * rule.slots, 2 + count + (i + 1) * rule.slots));
    // The step's scalars arrive as one vector (absent when the rule has none); each is sliced out.
    const scalarVector = inputs[2 + count + count * rule.slots];
    const scalars = scalarVector === undefined ? [] : Array.from({ length: scalarVector.size }, (_, i) => tf.reshape(tf.slice(scalarVector, i, 1), []));
    const byName = new Map(this.variables.map((v, i) => [v, values[i]]));
    const params = Object.fromEntries(Object.entries(this.model.params).map(([name, v]) => [name, byName.get(v) ?? v]));
    const { value, grads } = tf.engine().gradients(
      () => task.loss(checkedLogits(this.model.forward(params, x), x, logitsShape), y),
      values,
      undefined,
      true,
    );
    const updated = values.map((_, i) => grads[i] != null || keep !== 1);
    if (this.updated.length > 0 && updated.some((u, i) => u !== this.updated[i])) throw new Error('the variables the loss reaches changed between two traces');
    this.updated = updated;
    const results = values.map((v, i) => {
      if (!updated[i]) return undefined;
      const decayed = keep !== 1 ? tf.mul(v, keep) : v;
      const gradient = grads[i];
      return gradient == null ? { value: decayed, state: [] } : rule.update(decayed, gradient, slots[i], scalars);
    });
    const kept = results.filter((r): r is NonNullable<typeof r> => r !== undefined);
    return [value, ...kept.map((r) => r.value), ...kept.flatMap((r) => r.state)];
  };
}

/** The step's scalars as the graph takes them: one vector, or nothing for a rule without any. */
function scalarInputs(rule: UpdateRule, step: number): Float32Array[] {
  const scalars = rule.scalars(step);
  return scalars.length > 0 ? [scalars] : [];
}

/** Rows `[begin, begin + count)` of a batch as `[x, y]` tensors. */
function sliceBatch(batch: Batch, begin: number, count: number, labelShape: readonly number[]): tf.Tensor[] {
  const xSize = batch.x.length / batch.count;
  const ySize = batch.y.length / batch.count;
  const part: Batch = {
    x: batch.x.subarray(begin * xSize, (begin + count) * xSize),
    y: batch.y.subarray(begin * ySize, (begin + count) * ySize),
    shape: [count, ...batch.shape.slice(1)],
    count,
  };
  const { x, y } = batchTensors(part, labelShape);
  return [x, y];
}
