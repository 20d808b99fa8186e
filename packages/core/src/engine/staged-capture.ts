import * as tf from '@tensorflow/tfjs';
import { FusionError } from '../errors';
import { ForwardStage, StageState, runStage } from '../staged-forward';
import { ModelWeights, disposeAll, loadAll } from '../weights';
import { type ActivationRows, type ActivationStore, rowsInMemory } from './activations';
import { ActivationSpill, type SpilledMatrix } from './activation-spill';
import { type HostMatrix, HostRows } from './host-rows';
import { hostTensor2d } from './host-tensor';

export interface StagedModel {
  /** The model's forward pass as stages, recording the keys the fusion reads. */
  stages: readonly ForwardStage[];
  weights: ModelWeights;
}

export interface StagedCaptureArgs {
  models: readonly StagedModel[];
  /** `[samples, ...inputShape]`; the caller keeps ownership. */
  samples: tf.Tensor;
  batchSize: number;
  /**
   * Bytes of activations one stage may record, over all models, before its keys wait on disk
   * until fusion asks for each (default `DEFAULT_SPILL_BYTES`; `Infinity` keeps all in memory).
   */
  spillBytes?: number;
  /** Where keys that wait on disk are written, in a temporary folder of their own (default: the system's temporary folder). */
  spillDirectory?: string;
  onStage?: (event: { done: number; total: number; detail: string }) => void;
}

/** One captured activation matrix, row-major `[rows, features]`, in plain JavaScript memory or on disk. */
type HostActivation = HostMatrix & {
  /** The tensor handed out, made on first request (it reads `values` in place). */
  tensor?: tf.Tensor2D;
};

/**
 * What one stage may record in memory by default: a block of BERT-base over 200 × 128 tokens
 * records 1.7 GB for two models, GPT-2 small's over 200 × 256 tokens 3.5 GB.
 */
export const DEFAULT_SPILL_BYTES = 512 * 1024 ** 2;

/**
 * Activations captured on demand: when the engine asks for a key, every model advances,
 * stage by stage over all sample batches, up to the stage that records it. Each stage's
 * parameters are read when it runs and released after it, and the engine releases each
 * activation after its last consumer, so memory holds one block at a time, not the model.
 * Each batch's activations leave the WebAssembly heap as soon as the batch has run: the store
 * keeps them on the host (a block of BERT-base over 200 × 128 tokens is 0.7 GB per model,
 * more than the heap can spare) and hands them out as host-backed tensors. A stage that records
 * more than `spillBytes` writes its keys to disk batch by batch; each is read back when asked
 * for, so memory holds the keys fusion is working on, not the whole block.
 */
export class StagedCapture implements ActivationStore {
  private readonly stageOfKey = new Map<string, number>();
  private readonly captured: Map<string, HostActivation>[];
  /** Per model, per sample batch: the state entering the next stage. */
  private states: StageState[][] | undefined;
  private nextStage = 0;
  private readonly stageCount: number;
  private readonly spill: ActivationSpill;
  /** Seconds spent running stages. */
  seconds = 0;

  constructor(private readonly args: StagedCaptureArgs) {
    if (!Number.isInteger(args.batchSize) || args.batchSize < 1) {
      throw new FusionError('BAD_OPTION', `expected a positive integer batch size, got ${args.batchSize}`, ['batchSize']);
    }
    const [first, ...others] = args.models;
    this.stageCount = first.stages.length;
    others.forEach((model, m) => {
      const ids = model.stages.map((s) => s.id).join(', ');
      if (ids !== first.stages.map((s) => s.id).join(', ')) {
        throw new FusionError('INCOMPATIBLE_MODELS', `model ${m + 1} runs the stages ${ids}, but model 0 runs ${first.stages.map((s) => s.id).join(', ')}`);
      }
    });
    first.stages.forEach((stage, index) => stage.keys.forEach((key) => this.stageOfKey.set(key, index)));
    this.captured = args.models.map(() => new Map());
    this.spill = new ActivationSpill(args.spillDirectory);
  }

  get(model: number, key: string): tf.Tensor2D {
    const found = this.captureOf(model, key);
    if (found.spilled) {
      found.values = this.spill.read(found.spilled);
      this.spill.remove(found.spilled);
      found.spilled = undefined;
    }
    // Kept out of the caller's scope: the store owns it until the key is released.
    found.tensor ??= tf.keep(hostTensor2d(found.values as Float32Array, found.rows, found.features));
    return found.tensor;
  }

  /** The key's values; one waiting on disk is read again, block by block, on every call, and stays on disk. */
  rows(model: number, key: string): ActivationRows {
    const found = this.captureOf(model, key);
    if (found.values) return rowsInMemory(found.values, found.rows, found.features);
    const spilled = found.spilled as SpilledMatrix;
    return { rows: found.rows, features: found.features, blocks: () => this.spill.blocks(spilled) };
  }

  release(key: string): void {
    for (const acts of this.captured) {
      const found = acts.get(key);
      found?.tensor?.dispose();
      if (found?.spilled) this.spill.remove(found.spilled);
      acts.delete(key);
    }
  }

  dispose(): void {
    this.disposeStates();
    for (const acts of this.captured) {
      acts.forEach((a) => a.tensor?.dispose());
      acts.clear();
    }
    this.spill.dispose();
  }

  /** The capture of `key`, running the stages up to the one that records it. */
  private captureOf(model: number, key: string): HostActivation {
    const stage = this.stageOfKey.get(key);
    if (stage === undefined) {
      throw new FusionError('MISSING_ACTIVATION', `no forward stage records '${key}' (recorded: ${[...this.stageOfKey.keys()].join(', ') || 'none'})`);
    }
    while (this.nextStage <= stage) this.advance();
    const found = this.captured[model]?.get(key);
    if (!found) throw new FusionError('MISSING_ACTIVATION', `activation '${key}' of model ${model} was already released`);
    return found;
  }

  /**
   * Runs the next stage of every model on every batch. The engine may ask for a key inside a
   * scope of its own: what the store holds is kept out of that scope.
   */
  private advance(): void {
    const index = this.nextStage;
    if (index >= this.stageCount) throw new FusionError('MISSING_ACTIVATION', 'every forward stage has run');
    const started = performance.now();
    const states = (this.states ??= this.args.models.map(() => this.sampleBatches()));
    let spillStage: boolean | undefined;
    this.args.models.forEach((model, m) => {
      const stage = model.stages[index];
      const params = loadAll(model.weights, stage.params);
      const parts = new Map<string, HostRows>();
      try {
        states[m] = states[m].map((state) => {
          const out = runStage(stage, params, state);
          state.forEach((t) => t.dispose());
          spillStage ??= this.stageBytes(out.activations, states[m].length) > (this.args.spillBytes ?? DEFAULT_SPILL_BYTES);
          for (const [key, value] of out.activations) {
            const rows = parts.get(key) ?? new HostRows(value.shape[1], spillStage ? this.spill.writer(value.shape[1]) : undefined);
            rows.append(value);
            parts.set(key, rows);
          }
          return out.state.map((t) => tf.keep(t));
        });
      } finally {
        disposeAll(params);
      }
      for (const [key, rows] of parts) this.captured[m].set(key, rows.finish());
    });
    this.nextStage++;
    // The last stage's output is the logits, which fusion never reads.
    if (this.nextStage === this.stageCount) this.disposeStates();
    this.seconds += (performance.now() - started) / 1000;
    this.args.onStage?.({ done: this.nextStage, total: this.stageCount, detail: this.args.models[0].stages[index].id });
  }

  /** A stage's predicted recording over every batch and model, from its first batch's. */
  private stageBytes(firstBatch: ReadonlyMap<string, tf.Tensor2D>, batches: number): number {
    let bytes = 0;
    firstBatch.forEach((t) => (bytes += 4 * t.size));
    return bytes * batches * this.args.models.length;
  }

  private disposeStates(): void {
    this.states?.forEach((batches) => batches.forEach((state) => state.forEach((t) => t.dispose())));
    this.states = undefined;
  }

  private sampleBatches(): StageState[] {
    const { samples, batchSize } = this.args;
    const count = samples.shape[0];
    const batches: StageState[] = [];
    for (let start = 0; start < count; start += batchSize) batches.push([tf.keep(tf.slice(samples, start, Math.min(batchSize, count - start)))]);
    return batches;
  }
}
