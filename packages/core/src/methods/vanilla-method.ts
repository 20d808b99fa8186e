import { vanillaFusion } from '../engine/vanilla';
import { averagingWeights } from '../engine/options';
import type { AlignmentMethod } from './alignment-method';

/** The baseline: parameters averaged where they are, with no alignment. */
export const VANILLA_FUSION: AlignmentMethod = {
  id: 'vanilla',
  label: 'vanilla fusion',
  folder: 'vanilla',
  description: 'averages the parameters as they are, without aligning neurons (the baseline every method is compared with)',
  parameters: [],
  heterogeneous: false,
  describe: () => 'plain average',
  needsSamples: () => false,
  fuse(args) {
    const started = performance.now();
    const { options } = args.setup;
    const weights = vanillaFusion(args.models.map((m) => m.weights), averagingWeights(options, args.models.length));
    return { weights, options, seconds: { activations: 0, fusion: (performance.now() - started) / 1000 } };
  },
};
