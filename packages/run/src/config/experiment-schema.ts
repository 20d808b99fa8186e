import { ATTENTION_HEADS, FusionOptionPath, QK_FUSIONS, RESIDUAL_POLICIES, fusionDefault } from '@otfuse/core';
import { ONNX_OUTPUT_KEYS } from './onnx-output';
import { Schema, types } from './schema';

/** A key that sets one fusion option: its default is core's (the paper's), from the one table. */
const option = (path: FusionOptionPath) => ({ option: path, default: fusionDefault(path) });

const onlyTrue = (what: string) => (value: unknown) =>
  value === false ? `otfuse always fuses ${what} (the reference's partial fusion is not implemented); set it to true or remove the key` : undefined;

/**
 * `seq_filter` values: no filter (null, false, 'None'), or a name in the architecture's own
 * grammar (hf-vit's `window_<k>`, hf-bert's `sample_<k>`, …), which the architecture checks
 * once it is known (see `fusionSetup`): the schema cannot know whose grammar applies.
 */
export const SEQ_FILTER = types.either(types.either(types.nothing, types.constant(false, 'false')), types.string);

/** Data set section shared by `fuse` and `train` files. */
export const DATA_KEYS = (section: string): Schema => [
  {
    key: `${section}.train_samples`,
    type: types.integer(1),
    origin: 'otfuse',
    description: 'Use only the first n examples of the train split (activations, finetuning, training). Default: all.',
  },
  {
    key: `${section}.test_samples`,
    type: types.integer(1),
    origin: 'otfuse',
    description: 'Evaluate on the first n examples of the test split. Default: all.',
  },
  {
    key: `${section}.dir`,
    type: types.string,
    origin: 'otfuse',
    description: "Folder the data set reads from (its `dir` parameter, e.g. for `cifar10`), relative to this file's folder.",
  },
  {
    key: `${section}.params`,
    type: types.freeMapping,
    origin: 'otfuse',
    description: 'Further parameters of the registered data set (`otfuse list` shows them), e.g. `{ mean: 0.1307, std: 0.3081 }` or `{ normalize: cifar10 }`. `split` is set by otfuse; `layout` is derived from the model unless given here.',
  },
];

/**
 * Every key of an experiment file: the paper's (ALGORITHM.md §5, defaults as in its
 * `fuse_hf_vit_cifar10.yaml`) and otfuse's additions. Validation and the README come from this.
 */
export const EXPERIMENT_SCHEMA: Schema = [
  { key: 'model', type: 'section', required: true, origin: 'paper', description: 'The models to fuse and the data set.' },
  {
    key: 'model.name_<i>',
    type: types.string,
    origin: 'paper',
    description: "Model folder i (HuggingFace layout: `config.json` + `model.safetensors`), relative to this file's folder. `name_0` … `name_{num_models-1}` are required.",
  },
  {
    key: 'model.anchor',
    type: types.integer(0),
    default: 1,
    origin: 'otfuse',
    description: "Index of the anchor model: the fused model has its shapes and its `config.json` (→ `anchor`). The paper's code always uses model 1.",
  },
  {
    key: 'model.dataset',
    type: types.string,
    required: true,
    origin: 'paper',
    description: "A registered data set (`mnist`, `fashion-mnist`, `cifar10`, …; see `otfuse list`) or a `.safetensors` file (relative to this file's folder) with `pixel_values` `[N, …]` (or `inputs`) and integer `labels` `[N]`, used for both activations and evaluation.",
  },
  {
    key: 'model.type',
    type: types.string,
    origin: 'paper',
    description: "Architecture plugin id (`generic-mlp`, `hf-vit`, …); underscores read as hyphens, so the paper's `hf_vit` is `hf-vit`. Default: detected from the anchor's `config.json`.",
  },
  { key: 'model.testloader', ignored: true, type: types.anything, origin: 'paper', description: 'Accepted and ignored (the test split of `dataset` is used).' },

  { key: 'fusion', type: 'section', origin: 'paper', description: 'How the models are aligned and averaged.' },
  { key: 'fusion.num_models', type: types.integer(2), default: 2, origin: 'paper', description: 'Number of models fused (`name_0` … `name_{n-1}`).' },
  { key: 'fusion.type', ...option('mode'), type: types.oneOf(['acts', 'wts']), origin: 'paper', description: 'Describe neurons by activations or by weights (→ `mode`).' },
  {
    key: 'fusion.resid_policy',
    ...option('residualPolicy'),
    type: types.oneOf(RESIDUAL_POLICIES),
    origin: 'paper',
    description: 'How the skip and branch maps of a residual connection combine (→ `residualPolicy`).',
  },
  { key: 'fusion.fuse_src_embed', type: types.boolean, default: true, origin: 'paper', description: 'Fuse the embeddings. Only `true` is supported.', unsupported: onlyTrue('the embeddings') },
  { key: 'fusion.fuse_sa', type: types.boolean, default: true, origin: 'paper', description: 'Fuse self-attention. Only `true` is supported.', unsupported: onlyTrue('self-attention') },
  {
    key: 'fusion.qk_fusion',
    ...option('qkFusion'),
    type: types.oneOf(QK_FUSIONS),
    origin: 'paper',
    description: 'Maps of the query and key projections: separate, one shared (`eq_t_map`), or one joint map (→ `qkFusion`).',
  },
  {
    key: 'fusion.attention_heads',
    ...option('attentionHeads'),
    type: types.oneOf(ATTENTION_HEADS),
    origin: 'otfuse',
    description: "`mixed`: attention features align across heads, as the paper's code does; `head_aware`: whole heads are matched first (exact OT on their summed Q·K and V costs), then each matched pair's dimensions, Q and K by one map, so no feature leaves its head (→ `attentionHeads`; `qk_fusion` is then not used).",
  },
  { key: 'fusion.fuse_norm', type: types.boolean, default: true, origin: 'paper', description: 'Fuse normalisation layers. Only `true` is supported.', unsupported: onlyTrue('normalisation layers') },
  { key: 'fusion.fuse_fc', type: types.boolean, default: true, origin: 'paper', description: 'Fuse the feed-forward layers. Only `true` is supported.', unsupported: onlyTrue('feed-forward layers') },
  { key: 'fusion.fuse_bias', type: types.boolean, default: true, origin: 'paper', description: 'Fuse biases. Only `true` is supported.', unsupported: onlyTrue('biases') },
  {
    key: 'fusion.fuse_gen',
    ...option('fuseGenerator'),
    type: types.boolean,
    origin: 'paper',
    description: "Fuse the output head; `false` keeps the anchor's (→ `fuseGenerator`).",
  },
  {
    key: 'fusion.methods',
    type: types.listOf(types.string),
    default: ['ot', 'vanilla'],
    origin: 'otfuse',
    description:
      "Alignment methods run side by side, in this order: registered ids (`ot`, `weight_matching`, `vanilla`, …; see `otfuse list`). Each gives a fused model, its row in the report and its output folder; the first is the one `regression.only_eval_ot` keeps and whose alignment the barrier shows, and the landscape's plane passes through the anchor and the first two.",
  },
  {
    key: 'fusion.method_params',
    type: types.freeMapping,
    origin: 'otfuse',
    description: "Parameters of the methods by id, as `otfuse list` shows them (e.g. `{ weight_matching: { max_iterations: 50 } }`); each is checked against what the method declares. The `ot` method's settings are the keys of this section.",
  },
  {
    key: 'fusion.ot_solver',
    ...option('solver'),
    type: types.string,
    origin: 'paper',
    description: 'Registered OT solver: `emd`, `sinkhorn`, `sinkhorn-log`, `sinkhorn_for_widening`, … (→ `solver`).',
  },
  {
    key: 'fusion.solver_params',
    ...option('solverParams'),
    type: types.freeMapping,
    origin: 'otfuse',
    description: "Parameters of the chosen OT solver, as `otfuse list` shows them (e.g. `{ max_iter: 5000, tol: 1e-12 }`); each is checked against the solver's declared type and bounds. A solver's `reg` is `sinkhorn_reg` unless given here (not both).",
  },
  { key: 'fusion.sinkhorn_reg', ...option('sinkhornReg'), type: types.number({ greaterThan: 0 }), origin: 'paper', description: 'Entropic regularisation of Sinkhorn solvers (→ `sinkhornReg`).' },
  { key: 'fusion.pca', type: types.boolean, default: false, origin: 'paper', description: "Project activations on the anchor's top `pca_k` principal components (→ `acts.pcaK`)." },
  { key: 'fusion.pca_k', type: types.integer(1), default: 1000, origin: 'paper', description: 'Number of principal components when `pca` is true.' },
  { key: 'fusion.heterogeneous', ignored: true, type: types.boolean, origin: 'paper', description: 'Accepted and ignored: whether the shapes differ is read from the models.' },
  {
    key: 'fusion.fusion_t_w_in',
    type: types.boolean,
    default: false,
    origin: 'paper',
    description: "The reference's experimental map for the attention output projection. Only `false` is supported.",
    unsupported: (v) => (v === true ? 'the attention output projection always takes the value map' : undefined),
  },

  { key: 'fusion.gnd_metric', type: 'section', origin: 'paper', description: 'The ground metric: the cost between two neurons.' },
  { key: 'fusion.gnd_metric.type', ...option('groundMetric.type'), type: types.string, origin: 'paper', description: 'Registered ground metric: `euclidean` or `cosine` (→ `groundMetric.type`).' },
  {
    key: 'fusion.gnd_metric.norm',
    ...option('groundMetric.norm'),
    type: types.oneOf(['max', 'median', 'mean', 'log', 'none']),
    origin: 'paper',
    description: 'Cost normalisation (→ `groundMetric.norm`).',
  },
  { key: 'fusion.gnd_metric.reg', ...option('groundMetric.reg'), type: types.number(), origin: 'paper', description: 'Scale of the clip range `[reg·clip_min, reg·clip_max]` (→ `groundMetric.reg`).' },
  {
    key: 'fusion.gnd_metric.squared',
    type: types.boolean,
    origin: 'paper',
    description: "The ground metric's `squared` parameter (euclidean: squared distances). `false` is accepted for a metric without one. Default: the metric's (`false`).",
  },
  {
    key: 'fusion.gnd_metric.params',
    ...option('groundMetric.params'),
    type: types.freeMapping,
    origin: 'otfuse',
    description: "Parameters of the chosen ground metric, as `otfuse list` shows them (e.g. `{ squared: true }`); each is checked against the metric's declared type and bounds.",
  },
  { key: 'fusion.gnd_metric.clip', ...option('groundMetric.clip'), type: types.boolean, origin: 'paper', description: 'Clamp costs to the clip range (→ `groundMetric.clip`).' },
  { key: 'fusion.gnd_metric.clip_min', ...option('groundMetric.clipMin'), type: types.number(), origin: 'paper', description: '→ `groundMetric.clipMin`.' },
  { key: 'fusion.gnd_metric.clip_max', ...option('groundMetric.clipMax'), type: types.number(), origin: 'paper', description: '→ `groundMetric.clipMax`.' },
  { key: 'fusion.gnd_metric.mem_eff', ignored: true, type: types.boolean, default: true, origin: 'paper', description: 'Accepted and ignored.' },

  { key: 'fusion.acts', type: 'section', origin: 'paper', description: 'Activations that describe neurons (activation mode, and the weighted residual policies).' },
  {
    key: 'fusion.acts.num_samples',
    type: types.integer(1),
    default: 200,
    origin: 'paper',
    description: 'Train-split examples whose activations are captured: the first n that pass the filters, in order (all of them, with a warning, when fewer exist).',
  },
  {
    key: 'fusion.acts.seq_pos',
    type: types.integer(-1),
    default: -1,
    origin: 'paper',
    description: 'Use every sequence position (-1). Only -1 is supported.',
    unsupported: (v) => (v !== -1 ? 'activations of a single sequence position are not implemented; use -1' : undefined),
  },
  {
    key: 'fusion.acts.seq_filter',
    type: SEQ_FILTER,
    origin: 'paper',
    description: "Tokens kept of sequence outputs, in the architecture's own grammar (`otfuse list` shows each): hf-vit and hf-deit `None` (all), `only_cls` or the CLS token (and DeiT's distillation token) plus the central k×k patches (`window_<k>`); hf-bert and its families `None` (non-padding tokens), `only_cls`, `all_positions` or k seeded tokens per sequence (`sample_<k>`); hf-gpt2 and hf-llama `None`, `all_positions` or `sample_<k>`. A capture parameter of the architecture: its default applies when absent (hf-vit: `window_6`, the paper's), an architecture without tokens accepts only `None`, and a value outside the grammar is refused naming it.",
  },
  {
    key: 'fusion.acts.avg_seq_items',
    type: types.boolean,
    default: false,
    origin: 'paper',
    description: 'Average over the sequence instead. Only `false` is supported.',
    unsupported: (v) => (v === true ? 'averaging activations over the sequence is not implemented' : undefined),
  },
  {
    key: 'fusion.acts.loss_thres',
    type: types.either(types.constant(false, 'false'), types.number({ greaterThan: 0 })),
    default: false,
    origin: 'paper',
    description: "Keep a sample only if its cross-entropy is at most this in every model (`false`: keep all).",
  },
  {
    key: 'fusion.acts.acts_filter_list',
    type: types.either(types.nothing, types.listOf(types.boolean)),
    origin: 'paper',
    description: 'Per train example, whether it may be used; examples past the end of the list are not used.',
  },
  {
    key: 'fusion.acts.mode',
    type: types.oneOf(['raw', 'mean', 'std', 'meanstd']),
    default: 'raw',
    origin: 'paper',
    description: "Neuron importance. Only `raw` is supported.",
    unsupported: (v) => (v !== 'raw' ? "importance-weighted marginals are not implemented; use 'raw'" : undefined),
  },
  {
    key: 'fusion.acts.pre_relu',
    type: types.boolean,
    origin: 'paper',
    description: "Capture layer outputs before their nonlinearity. A capture parameter of the architecture (default `true`, the paper's).",
  },
  {
    key: 'fusion.acts.seed',
    type: types.integer(),
    default: 0,
    origin: 'paper',
    description: 'The default `finetune.seed`. (The activation inputs are the first examples in order, so they need no seed.)',
  },
  {
    key: 'fusion.acts.capture',
    type: types.freeMapping,
    origin: 'otfuse',
    description: "Further capture parameters of the architecture, as `otfuse list` shows them; one it does not declare is an error naming the architecture.",
  },
  { key: 'fusion.acts.std', ...option('acts.std'), type: types.boolean, origin: 'paper', description: 'Standardise each feature (→ `acts.std`; wins over center and norm).' },
  { key: 'fusion.acts.center', ...option('acts.center'), type: types.boolean, origin: 'paper', description: 'Subtract each feature\'s mean (→ `acts.center`; wins over norm).' },
  { key: 'fusion.acts.norm', ...option('acts.norm'), type: types.boolean, origin: 'paper', description: 'Scale each feature to unit L2 norm (→ `acts.norm`).' },

  { key: 'fusion.wts', type: 'section', origin: 'paper', description: 'Weight mode.' },
  { key: 'fusion.wts.norm', ...option('weightsNorm'), type: types.boolean, origin: 'paper', description: 'Scale neuron weight rows to unit norm before measuring cost (→ `weightsNorm`).' },

  {
    key: 'fusion.bn_reset',
    type: 'section',
    optionalSection: true,
    origin: 'otfuse',
    description:
      'Recompute normalisation statistics after fusion (BatchNorm running mean and unbiased variance, as PyTorch does with `momentum=None` in one pass), for the OT-fused and the vanilla model alike; the report shows each with and without it, and finetuning starts from the reset model. Needs an architecture with BatchNorm (`hf-resnet`, `otfuse-vgg`).',
  },
  { key: 'fusion.bn_reset.samples', type: types.integer(2), required: true, origin: 'otfuse', description: 'The first n train-split examples the statistics are computed on, in one pass.' },

  { key: 'regression', type: 'section', origin: 'paper', description: 'Evaluation switches.' },
  { key: 'regression.only_eval_ot', type: types.boolean, default: false, origin: 'paper', description: 'Evaluate only the OT-fused model (skip the parents and vanilla fusion).' },

  { key: 'data', type: 'section', origin: 'otfuse', description: 'Which examples of the data set are used.' },
  ...DATA_KEYS('data'),

  {
    key: 'finetune',
    type: 'section',
    optionalSection: true,
    origin: 'otfuse',
    description: 'Finetune the OT-fused and the vanilla model with the same budget on the train split, then evaluate again.',
  },
  { key: 'finetune.steps', type: types.integer(1), required: true, origin: 'otfuse', description: 'Optimizer steps for each model.' },
  { key: 'finetune.lr', type: types.number({ greaterThan: 0 }), required: true, origin: 'otfuse', description: 'Learning rate.' },
  { key: 'finetune.batch_size', type: types.integer(1), default: 32, origin: 'otfuse', description: 'Examples per step.' },
  { key: 'finetune.optimizer', type: types.oneOf(['adam', 'sgd']), default: 'adam', origin: 'otfuse', description: 'Optimizer.' },
  { key: 'finetune.seed', type: types.integer(), origin: 'otfuse', description: 'Seed of the batch order. Default: `fusion.acts.seed`.' },

  { key: 'report', type: 'section', origin: 'otfuse', description: 'The figures of `report.html` (see Reports).' },
  { key: 'report.landscape', type: 'section', origin: 'otfuse', description: 'The accuracy landscape and the interpolation barrier: models on the plane through the anchor, the OT-fused and the vanilla-fused model, each evaluated.' },
  {
    key: 'report.landscape.grid',
    type: types.integer(0),
    default: 4,
    origin: 'otfuse',
    description:
      'Grid steps per unit: the plane is sampled at −1/grid, 0, 1/grid, …, 1 + 1/grid along both axes, so (grid + 3)² models are evaluated; `0` draws neither the landscape nor the barrier (for speed). Unset, the default is the largest grid the time budget may pick (see `time_share`).',
  },
  {
    key: 'report.landscape.samples',
    type: types.integer(1),
    default: 200,
    origin: 'otfuse',
    description: 'Test examples each landscape and barrier point is evaluated on (the first ones; all when fewer exist). Unset, the default is the most the time budget may pick (see `time_share`).',
  },
  {
    key: 'report.landscape.time_share',
    type: types.number({ greaterThan: 0 }),
    default: 0.25,
    origin: 'otfuse',
    description:
      'Time budget of the landscape and the barrier, when `grid` or `samples` is not set: at most this share of the time the run took before them (at least 2 s). Their cost is measured on the run itself, and what is unset is chosen to fit: the grid as large as possible while each model keeps 32 examples, then the samples; `report.json` says what was used and why. Set both `grid` and `samples` for figures that are the same run after run.',
  },

  { key: 'eval', type: 'section', origin: 'otfuse', description: 'Evaluation.' },
  { key: 'eval.batch_size', type: types.integer(1), default: 64, origin: 'otfuse', description: 'Examples per forward pass (evaluation, activations, loss filter). Memory grows with it. Unset, the default is lowered to the largest batch whose forward pass the probe predicts fits in the WebAssembly heap and takes at most 512 MiB beyond the model (`report.json` says which and why); a value set here whose forward pass cannot fit is refused before the run starts.' },

  { key: 'output', type: 'section', optionalSection: true, origin: 'otfuse', description: 'Where results go.' },
  { key: 'output.dir', type: types.string, origin: 'otfuse', description: "Output folder, relative to this file's folder; `--out` overrides it." },
  ...ONNX_OUTPUT_KEYS,
];
