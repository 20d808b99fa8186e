import * as tf from '@tensorflow/tfjs';
import {
  ArchitecturePlugin,
  FusionOptionsInput,
  HostTensor,
  InMemoryWeights,
  checkModelAgainstGraph,
  disposeAll,
  fuseModels,
  loadAll,
  ownedParameters,
  permuteModel,
  runStage,
  shapeTable,
  viewedBy,
} from '@otfuse/core';
import { FORWARD_TOLERANCE, compileForward } from '@otfuse/backend';
import { register as registerOt } from '@otfuse/ot';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { expectClose } from './matchers';
import { seededFloats } from './random';
import { useTestBackend } from './test-backend';

export interface ConformanceFixture<Config> {
  architecture: ArchitecturePlugin<Config>;
  /** Binds the plugin into a container (the package's `register`). */
  register(container: DependencyContainer): void;
  /** A tiny anchor config, and a wider one of the same depth for heterogeneous fusion. */
  config(variant: 'anchor' | 'wide'): Config;
  /** `count` seeded inputs the model accepts. */
  inputs(config: Config, count: number, seed: number): tf.Tensor;
  /**
   * Capture options passed to the plugin's forward pass. The captured activations must tell
   * neurons apart on the fixture's inputs (a ReLU dead on every sample has no signature).
   */
  captureOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The suite every architecture plugin runs: its graph covers every parameter once; fusing a
 * model with itself returns it; fusing with a neuron-permuted copy returns the anchor exactly
 * (EMD, activations and weights) and the same outputs; heterogeneous fusion yields the anchor's
 * shapes and averages the aligned wide model with the anchor by their weights; and nothing leaks.
 */
export function describeConformance<Config>(label: string, fixture: ConformanceFixture<Config>): void {
  const { architecture } = fixture;

  describe(`${label}: architecture plugin conformance`, () => {
    let container: DependencyContainer;
    const anchorConfig = () => fixture.config('anchor');
    const model = (config: Config, seed: number) => new InMemoryWeights(architecture.init(config, seed));

    beforeAll(async () => {
      await useTestBackend();
      container = rootContainer.createChildContainer();
      registerOt(container);
      fixture.register(container);
    });

    const fuse = (models: { config: Config; weights: InMemoryWeights }[], options: FusionOptionsInput) => {
      const samples = fixture.inputs(anchorConfig(), 24, 99);
      try {
        // A batch smaller than the sample count exercises activation capture across batches.
        return fuseModels({ container, architecture, models, options, samples, batchSize: 10, captureOptions: fixture.captureOptions }).weights;
      } finally {
        samples.dispose();
      }
    };

    const logits = (config: Config, weights: InMemoryWeights | Map<string, HostTensor>, inputs?: tf.Tensor) => {
      const w = weights instanceof InMemoryWeights ? weights : new InMemoryWeights(weights);
      const params = loadAll(w);
      const x = inputs ?? fixture.inputs(config, 8, 5);
      try {
        const out = architecture.forward(config, params, x);
        const data = out.logits.dataSync() as Float32Array;
        out.logits.dispose();
        return data;
      } finally {
        if (!inputs) x.dispose();
        disposeAll(params);
      }
    };

    const record = (weights: Map<string, HostTensor> | InMemoryWeights) =>
      Object.fromEntries(
        (weights instanceof InMemoryWeights ? weights.names().map((n) => [n, weights.host(n)] as const) : [...weights]).map(([n, t]) => [n, Array.from(t.data)]),
      );

    it('is registered under its id with a description', () => {
      expect(architecture.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(architecture.description.length).toBeGreaterThan(10);
      expect(architecture.detect(architecture.configJson(anchorConfig()))).toBe(true);
      expect(architecture.normalizeConfig(architecture.configJson(anchorConfig()))).toEqual(anchorConfig());
    });

    it('declares the task it is trained for by id', () => {
      // An id, not a Task: the test kit does not depend on @otfuse/train, whose registry holds the tasks.
      expect(architecture.task(anchorConfig())).toMatch(/^[a-z][a-z0-9-]*$/);
    });

    it('describes the shapes init builds, in the same order', () => {
      const config = anchorConfig();
      const built = Object.entries(architecture.init(config, 1)).map(([n, t]) => [n, t.shape]);
      expect([...architecture.parameterShapes(config)]).toEqual(built);
    });

    it('has a graph that owns every parameter exactly once', () => {
      const config = anchorConfig();
      const weights = model(config, 1);
      const graph = architecture.graph(config);
      expect(() => checkModelAgainstGraph(graph, shapeTable(weights))).not.toThrow();
      const owned = graph.nodes.flatMap(ownedParameters).sort();
      // Parameters as the nodes see them: a stored tensor the graph views (a slice, a transpose) by its views.
      expect(owned).toEqual(viewedBy(graph, weights).names().sort());
    });

    it('runs its forward pass as stages that read only the parameters they declare', () => {
      const config = anchorConfig();
      const weights = model(config, 9);
      const stages = architecture.stages(config);
      const declared = stages.flatMap((stage) => stage.params);
      expect([...declared].sort()).toEqual(weights.names().sort());
      expect(new Set(stages.map((stage) => stage.id)).size).toBe(stages.length);
      // Run stage by stage with only each stage's own parameters at hand: the logits must equal the whole pass's.
      const x = fixture.inputs(config, 4, 11);
      try {
        let state: tf.Tensor[] = [x];
        for (const stage of stages) {
          const params = Object.fromEntries(stage.params.map((n) => [n, weights.tensor(n)]));
          const out = runStage(stage, params, state);
          if (state[0] !== x) state.forEach((t) => t.dispose());
          out.activations.forEach((t) => t.dispose());
          Object.values(params).forEach((t) => t.dispose());
          state = out.state;
        }
        const staged = state[0].dataSync() as Float32Array;
        state.forEach((t) => t.dispose());
        expect(Array.from(staged)).toEqual(Array.from(logits(config, weights, x)));
      } finally {
        x.dispose();
      }
    });

    it('compiles its eval forward pass into one onnxruntime graph that computes the same logits, at any batch size', () => {
      const config = anchorConfig();
      const params = loadAll(model(config, 10));
      const sample = fixture.inputs(config, 4, 13);
      const other = fixture.inputs(config, 7, 14);
      try {
        const before = tf.memory().numTensors;
        const fn = (x: tf.Tensor) => architecture.forward(config, params, x).logits;
        // 'on': a forward pass that cannot be compiled fails here, with the reason.
        const outcome = compileForward(fn, sample, 'on');
        if (!('forward' in outcome)) throw new Error(outcome.refused);
        for (const x of [sample, other]) {
          const native = outcome.forward.run(x);
          const expected = tf.tidy(() => fn(x));
          expect(native.shape).toEqual(expected.shape);
          const scale = Math.max(1, ...Array.from(expected.dataSync(), Math.abs));
          expectClose(native.dataSync() as Float32Array, expected.dataSync() as Float32Array, { atol: FORWARD_TOLERANCE * scale, what: `logits of ${x.shape[0]} examples` });
          tf.dispose([native, expected]);
        }
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tf.dispose([sample, other]);
        disposeAll(params);
      }
    });

    it('gives the model back when fused with itself', () => {
      const config = anchorConfig();
      const weights = model(config, 2);
      const fused = fuse([{ config, weights }, { config, weights }], { mode: 'acts', solver: 'emd' });
      expect(record(fused)).toEqual(record(weights));
    });

    it.each(['acts', 'wts'] as const)('gives the anchor back from a neuron-permuted copy (%s, EMD)', (mode) => {
      const config = anchorConfig();
      const anchor = model(config, 3);
      const permuted = new InMemoryWeights(permuteModel(architecture.graph(config), anchor, seededFloats(4)));
      expect(record(permuted)).not.toEqual(record(anchor));
      expectClose(logits(config, permuted), logits(config, anchor), { atol: 1e-4, what: 'logits of the permuted copy' });
      // Unit-norm weight rows would make 1-D descriptions (a CLS token's features) all ±1, and tie.
      const fused = fuse([{ config, weights: permuted }, { config, weights: anchor }], { mode, solver: 'emd', weightsNorm: false });
      expect(record(fused)).toEqual(record(anchor));
    });

    it("fuses a wider model into the anchor's shapes, whatever the order of either model's neurons (heterogeneous)", () => {
      const config = anchorConfig();
      const wideConfig = fixture.config('wide');
      const anchor = model(config, 5);
      const wide = model(wideConfig, 6);
      // Sinkhorn's plan is unique, so it cannot depend on neuron order; exact OT between
      // different widths can have several optimal plans (a 1-D CLS token, for one).
      const options: FusionOptionsInput = { mode: 'acts', solver: 'sinkhorn' };
      const fused = fuse([{ config: wideConfig, weights: wide }, { config, weights: anchor }], options);
      for (const name of anchor.names()) expect(fused.get(name)?.shape).toEqual(anchor.shape(name));
      // Fusion aligns the wide model to the anchor, then averages the two with their weights: all the
      // weight on the anchor gives the anchor's outputs; all of it on the wide model, that model
      // aligned, which is not the anchor; and even weights, the halfway point between them.
      const weighted = (modelWeights: number[]) => fuse([{ config: wideConfig, weights: wide }, { config, weights: anchor }], { ...options, modelWeights });
      expectClose(logits(config, weighted([0, 1])), logits(config, anchor), { atol: 1e-5, what: 'logits with no weight on the wide model' });
      const alignedWide = weighted([1, 0]);
      expect(record(alignedWide)).not.toEqual(record(anchor));
      for (const name of anchor.names()) {
        const halfway = Array.from(anchor.host(name).data, (value, i) => (value + alignedWide.get(name)!.data[i]) / 2);
        expectClose(fused.get(name)!.data, halfway, { atol: 1e-6, rtol: 1e-6, what: `${name} fused with even weights` });
      }
      // Reordering the wide model's neurons changes nothing: its maps are found, not assumed.
      const wideShuffled = new InMemoryWeights(permuteModel(architecture.graph(wideConfig), wide, seededFloats(12)));
      const fromShuffled = fuse([{ config: wideConfig, weights: wideShuffled }, { config, weights: anchor }], options);
      for (const name of anchor.names()) expectClose(fromShuffled.get(name)!.data, fused.get(name)!.data, { atol: 1e-5, what: `${name} fused from a reordered wide model` });
      // Reordering the anchor's neurons reorders the result the same way: it lives in the anchor's neuron order.
      const anchorShuffled = new InMemoryWeights(permuteModel(architecture.graph(config), anchor, seededFloats(13)));
      const intoShuffled = fuse([{ config: wideConfig, weights: wide }, { config, weights: anchorShuffled }], options);
      const fusedShuffled = permuteModel(architecture.graph(config), new InMemoryWeights(fused), seededFloats(13));
      for (const name of anchor.names()) expectClose(intoShuffled.get(name)!.data, fusedShuffled.get(name)!.data, { atol: 1e-5, what: `${name} fused into a reordered anchor` });
    });

    it('leaves no tensor behind', () => {
      const config = anchorConfig();
      const a = model(config, 7);
      const b = model(config, 8);
      const before = tf.memory().numTensors;
      fuse([{ config, weights: a }, { config, weights: b }], { mode: 'acts', solver: 'sinkhorn' });
      fuse([{ config, weights: a }, { config, weights: b }], { mode: 'wts', solver: 'emd' });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
