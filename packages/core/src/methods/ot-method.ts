import { fuseModels } from '../fuse-models';
import type { AlignmentMethod } from './alignment-method';

/** Transformer fusion with optimal transport (the paper's method), configured by the fusion options. */
export const OT_FUSION: AlignmentMethod = {
  id: 'ot',
  label: 'OT fusion',
  folder: 'otfused',
  description: 'aligns neurons with optimal transport maps node by node (solver, ground metric and policies from the fusion options), then averages',
  reference: 'Imfeld et al., Transformer Fusion with Optimal Transport, ICLR 2024',
  parameters: [],
  heterogeneous: true,
  describe: ({ options }) => `${options.mode}, ${options.solver}`,
  needsSamples: (setup) => setup.plan.activationKeys.length > 0,
  fuse: (args) => fuseModels(args),
};
