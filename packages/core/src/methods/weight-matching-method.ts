import { applyFeatureOrders, DEFAULT_MAX_ITERATIONS, matchWeights } from '../alignment';
import { averagingWeights } from '../engine/options';
import { vanillaFusion } from '../engine/vanilla';
import { FusionError, formatShape } from '../errors';
import { resolvePermutations } from '../graph/permutation-structure';
import { storedTensors, viewedBy } from '../viewed-weights';
import { InMemoryWeights, ModelWeights, shapeTable } from '../weights';
import type { AlignmentMethod } from './alignment-method';

/**
 * Git Re-Basin's weight matching: each model's hidden neurons are permuted to the anchor's by
 * coordinate descent over the permutation classes the graph declares (one assignment problem
 * per class and sweep, on weights alone), then the permuted models are averaged.
 */
export const WEIGHT_MATCHING: AlignmentMethod = {
  id: 'weight_matching',
  label: 'weight matching',
  folder: 'weight-matched',
  description: 'permutes neurons to the anchor by iterated assignment on the weights alone (data-free, permutations only), then averages',
  reference: 'Ainsworth et al., Git Re-Basin: Merging Models modulo Permutation Symmetries, ICLR 2023',
  parameters: [
    { name: 'max_iterations', type: 'integer', minimum: 1, default: DEFAULT_MAX_ITERATIONS, description: 'sweeps over all permutation classes at most' },
    { name: 'seed', type: 'integer', minimum: 0, default: 0, description: 'seeds the order the classes are visited in each sweep' },
  ],
  heterogeneous: false,
  describe: (_setup, params) => `at most ${params.max_iterations} sweeps`,
  needsSamples: () => false,
  fuse(args) {
    const started = performance.now();
    const { options, graph } = args.setup;
    const anchorIndex = options.anchor ?? args.models.length - 1;
    const anchor = viewedBy(graph, args.models[anchorIndex].weights);
    const structure = resolvePermutations(graph, shapeTable(anchor));
    const aligned = args.models.map((model, index): ModelWeights => {
      if (index === anchorIndex) return anchor;
      const viewed = viewedBy(graph, model.weights);
      requireAnchorShapes(viewed, anchor, index);
      const matched = matchWeights(structure, viewed, anchor, {
        maxIterations: args.params.max_iterations as number,
        seed: args.params.seed as number,
        hostProduct: args.hostProduct,
        onProgress: (sweep) =>
          args.onProgress?.({ stage: 'fusion', done: sweep.iteration, total: args.params.max_iterations as number, detail: `model ${index}, sweep ${sweep.iteration}: ${sweep.changed.length} class(es) changed` }),
      });
      return new InMemoryWeights(applyFeatureOrders(structure, viewed, matched.orders), `model ${index} permuted`);
    });
    const averaged = vanillaFusion(aligned, averagingWeights(options, args.models.length));
    const weights = storedTensors(graph, averaged, shapeTable(args.models[anchorIndex].weights));
    return { weights, options, seconds: { activations: 0, fusion: (performance.now() - started) / 1000 } };
  },
};

/** Permutations keep widths: a model of another width cannot be matched to the anchor. */
function requireAnchorShapes(model: ModelWeights, anchor: ModelWeights, index: number): void {
  for (const name of anchor.names()) {
    const [own, target] = [formatShape(model.shape(name)), formatShape(anchor.shape(name))];
    if (own !== target) {
      throw new FusionError(
        'INCOMPATIBLE_MODELS',
        `weight matching permutes neurons and keeps widths: model ${index} has ${own} where the anchor has ${target} (OT fusion fuses different widths)`,
        [name],
      );
    }
  }
}
