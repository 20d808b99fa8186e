import { FusionError } from '../errors';
import { QkFusion } from '../graph/nodes';

export type ResidualPolicy = 'no_resid' | 'only_resid' | 'resid_as_identity' | 'mean' | 'weighted_scalar' | 'weighted_matrix';
export const RESIDUAL_POLICIES: readonly ResidualPolicy[] = [
  'no_resid',
  'only_resid',
  'resid_as_identity',
  'mean',
  'weighted_scalar',
  'weighted_matrix',
];
export const QK_FUSIONS: readonly QkFusion[] = ['separate', 'eq_t_map', 'joint'];
export type AttentionHeads = 'mixed' | 'head_aware';
export const ATTENTION_HEADS: readonly AttentionHeads[] = ['mixed', 'head_aware'];

export interface GroundMetricOptions {
  /** Registered ground metric id: `euclidean`, `cosine`, or any metric registered under `GROUND_METRIC`. */
  type: string;
  /** The metric's own parameters (e.g. euclidean's `squared`), validated against what it declares. */
  params: Readonly<Record<string, unknown>>;
  /** Cost normalisation: `max`, `median`, `mean`, `log` or `none`. */
  norm: 'max' | 'median' | 'mean' | 'log' | 'none';
  clip: boolean;
  clipMin: number;
  clipMax: number;
  /** Scale of the clip range (`[reg·clipMin, reg·clipMax]`). */
  reg: number;
}

export interface ActivationOptions {
  /** Standardise each feature over rows (unbiased std, +1e-9). Takes precedence over center/norm. */
  std: boolean;
  /** Subtract each feature's mean. */
  center: boolean;
  /** Scale each feature column to unit L2 norm. */
  norm: boolean;
  /** Reduce neuron descriptions to the anchor's top-k principal components (the reference's `pca` + `pca_k`). */
  pcaK?: number;
}

export interface FusionOptions {
  /** Describe neurons by their activations (`acts`) or by their incoming weights (`wts`). */
  mode: 'acts' | 'wts';
  /** `emd`, `sinkhorn`, `sinkhorn_for_widening` (Sinkhorn where a layer widens, else EMD), or any registered solver id. */
  solver: string;
  /** The solver's own parameters (e.g. `max_iter`), validated against what it declares. */
  solverParams: Readonly<Record<string, unknown>>;
  /** Entropic regularisation: the `reg` of a solver that takes one, unless `solverParams` gives it. */
  sinkhornReg: number;
  residualPolicy: ResidualPolicy;
  qkFusion: QkFusion;
  /**
   * `mixed`: attention features are aligned across heads, as the paper's code does; `head_aware`
   * (ours): whole heads are matched first, then the dimensions within each matched pair.
   */
  attentionHeads: AttentionHeads;
  groundMetric: GroundMetricOptions;
  acts: ActivationOptions;
  /** In weight mode, scale neuron rows to unit norm before measuring cost. */
  weightsNorm: boolean;
  /** Index of the anchor model (its shapes win). Defaults to the last model. */
  anchor?: number;
  /** Averaging weight of each model (normalised to sum 1). Defaults to uniform. */
  modelWeights?: number[];
  /** Fuse the output head; when false the anchor's is kept (the reference's `fuse_gen`). */
  fuseGenerator: boolean;
}

/**
 * The defaults: the paper's (its `fuse_hf_vit_cifar10.yaml`). The one table of them: the
 * experiment schema, the generated docs and `--dry-run` read it through {@link fusionDefault}.
 */
export const DEFAULT_FUSION_OPTIONS: FusionOptions = {
  mode: 'acts',
  solver: 'sinkhorn',
  solverParams: {},
  sinkhornReg: 0.08,
  residualPolicy: 'mean',
  qkFusion: 'separate',
  attentionHeads: 'mixed',
  groundMetric: { type: 'euclidean', params: {}, norm: 'max', clip: false, clipMin: 5, clipMax: 0, reg: 0.01 },
  acts: { std: true, center: true, norm: true },
  weightsNorm: true,
  fuseGenerator: true,
};

type Nested = 'groundMetric' | 'acts';
/** Every option by its path (`solver`, `groundMetric.norm`, `acts.std`, …): what an experiment key maps onto. */
export type FusionOptionPath =
  | Exclude<keyof FusionOptions, Nested>
  | `groundMetric.${keyof GroundMetricOptions & string}`
  | `acts.${keyof ActivationOptions & string}`;

/** The default of one option (undefined for those without one, such as `acts.pcaK`). */
export function fusionDefault(path: FusionOptionPath): unknown {
  const [head, tail] = path.split('.') as [keyof FusionOptions, string | undefined];
  const value = DEFAULT_FUSION_OPTIONS[head];
  return tail === undefined ? value : (value as unknown as Record<string, unknown>)[tail];
}

/** Sets one option of an input by its path. */
export function setFusionOption(input: FusionOptionsInput, path: FusionOptionPath, value: unknown): void {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const target = input as Record<string, unknown>;
  if (tail === undefined) target[head] = value;
  else target[head] = { ...(target[head] as object | undefined), [tail]: value };
}


export type FusionOptionsInput = Partial<Omit<FusionOptions, 'groundMetric' | 'acts'>> & {
  groundMetric?: Partial<GroundMetricOptions>;
  acts?: Partial<ActivationOptions>;
};

/** The entries whose value is not undefined: an absent option keeps its default. */
function given<T extends object>(input: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Fills defaults and checks every value, naming the offending option. */
export function resolveFusionOptions(input: FusionOptionsInput = {}, modelCount = 2): FusionOptions {
  const options: FusionOptions = {
    ...DEFAULT_FUSION_OPTIONS,
    ...given(input),
    groundMetric: { ...DEFAULT_FUSION_OPTIONS.groundMetric, ...given(input.groundMetric) },
    acts: { ...DEFAULT_FUSION_OPTIONS.acts, ...given(input.acts) },
  };
  const bad = (key: string, detail: string): never => {
    throw new FusionError('BAD_OPTION', detail, [key]);
  };
  if (options.mode !== 'acts' && options.mode !== 'wts') bad('mode', `expected 'acts' or 'wts', got '${options.mode}'`);
  if (!(options.sinkhornReg > 0)) bad('sinkhornReg', `expected a positive number, got ${options.sinkhornReg}`);
  if (!RESIDUAL_POLICIES.includes(options.residualPolicy)) {
    bad('residualPolicy', `unknown policy '${options.residualPolicy}'; expected one of ${RESIDUAL_POLICIES.join(', ')}`);
  }
  if (!QK_FUSIONS.includes(options.qkFusion)) bad('qkFusion', `unknown mode '${options.qkFusion}'; expected one of ${QK_FUSIONS.join(', ')}`);
  if (!ATTENTION_HEADS.includes(options.attentionHeads)) bad('attentionHeads', `unknown mode '${options.attentionHeads}'; expected one of ${ATTENTION_HEADS.join(', ')}`);
  if (!['max', 'median', 'mean', 'log', 'none'].includes(options.groundMetric.norm)) {
    bad('groundMetric.norm', `unknown normalisation '${options.groundMetric.norm}'; expected max, median, mean, log or none`);
  }
  const anchor = options.anchor ?? modelCount - 1;
  if (!Number.isInteger(anchor) || anchor < 0 || anchor >= modelCount) bad('anchor', `expected a model index in [0, ${modelCount - 1}], got ${anchor}`);
  if (options.modelWeights) {
    if (options.modelWeights.length !== modelCount) bad('modelWeights', `expected ${modelCount} weights, got ${options.modelWeights.length}`);
    if (options.modelWeights.some((w) => !(w >= 0)) || options.modelWeights.every((w) => w === 0)) {
      bad('modelWeights', 'expected non-negative weights, not all zero');
    }
  }
  return { ...options, anchor };
}

/** Which activations a fusion with these options reads. */
export function activationNeeds(options: FusionOptions): { alignmentActivations: boolean; residualActivations: boolean } {
  return {
    alignmentActivations: options.mode === 'acts',
    residualActivations: options.residualPolicy === 'weighted_scalar' || options.residualPolicy === 'weighted_matrix',
  };
}

/** Normalised averaging weights, one per model. */
export function averagingWeights(options: FusionOptions, modelCount: number): number[] {
  const raw = options.modelWeights ?? new Array<number>(modelCount).fill(1);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / total);
}
