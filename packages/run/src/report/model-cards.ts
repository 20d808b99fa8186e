import { type AlignmentMethod, type ArchitecturePlugin, type FusionSetup, OT_FUSION } from '@otfuse/core';
import { type CardTable, type ModelCard, baseModelName } from '../models/model-card';
import type { ModelResult } from './fuse-report';
import { type Score, metricCells, metricNames, taskOfScores } from './scores';

/** A model a card names: its folder and its config.json (which may record its hub id). */
export interface CardParent {
  dir: string;
  configJson: Readonly<Record<string, unknown>>;
}

/** The scores a card shows: rows of a name and a score, scored on `data`. */
export interface CardScores {
  /** What was scored, e.g. `500 test examples of mnist`. */
  data: string;
  rows: readonly { name: string; score: Score | null | undefined }[];
}

/** The hub's pipeline for each task; `classification` and `features` depend on what the model reads. */
const PIPELINES: Readonly<Record<string, string | { image: string; text: string }>> = {
  classification: { image: 'image-classification', text: 'text-classification' },
  features: { image: 'image-feature-extraction', text: 'feature-extraction' },
  'masked-lm': 'fill-mask',
  'causal-lm': 'text-generation',
  'token-classification': 'token-classification',
  'span-qa': 'question-answering',
};

/** The hub pipeline a model of this task is, when its inputs are images or text (`namedInputs`) or the task says. */
export function pipelineTag(architecture: ArchitecturePlugin, config: unknown, task: string): string | undefined {
  const pipeline = PIPELINES[task];
  if (typeof pipeline !== 'object') return pipeline;
  const names = architecture.namedInputs?.(config).names ?? [];
  if (names.includes('pixel_values')) return pipeline.image;
  return names.includes('input_ids') ? pipeline.text : undefined;
}

/** The fusion options that shape an OT-fused model, as a card's settings rows. */
function fusionSettings(setup: FusionSetup, samples: number | undefined): string[][] {
  const { options } = setup;
  const rows = [
    ['alignment from', options.mode === 'acts' ? `activations${samples === undefined ? '' : ` of ${samples} examples`}` : 'weights'],
    ['OT solver', options.solver.includes('sinkhorn') ? `${options.solver} (reg ${String(options.solverParams.reg ?? options.sinkhornReg)})` : options.solver],
    ['ground metric', `${options.groundMetric.type}, normalised by ${options.groundMetric.norm}`],
    ['residual policy', options.residualPolicy],
    ['attention', `Q/K ${options.qkFusion}, heads ${options.attentionHeads}`],
  ];
  // The capture parameters shape activations only.
  if (options.mode === 'acts') for (const [key, value] of Object.entries(setup.capture)) rows.push([`capture: ${key}`, String(value)]);
  return rows;
}

/** A score table: one row per model, one column per metric of the task. */
function scoreTable(scores: CardScores): CardTable | undefined {
  const scored = scores.rows.filter((row) => row.score);
  if (!scored.length) return undefined;
  const task = taskOfScores(scored.map((row) => row.score));
  return { header: ['model', ...metricNames(task)], rows: scored.map((row) => [row.name, ...metricCells(row.score, task)]) };
}

/** The run's scores of its parents (`results` lists them in `parents`' order) and of one method's fused model, one-shot and after what followed. */
export function cardScoreRows(results: readonly ModelResult[], method: string, parents: readonly CardParent[]): CardScores['rows'] {
  const parentRows = results.filter((r) => r.kind === 'parent').map((r, i) => ({ name: `parent ${baseModelName(parents[i].dir, parents[i].configJson)}`, score: r.oneShot }));
  const fused = results.find((r) => r.kind === 'fused' && r.method === method);
  if (!fused) return parentRows;
  return [
    ...parentRows,
    { name: `${fused.name}, one-shot`, score: fused.oneShot },
    { name: `${fused.name}, after the statistics reset`, score: fused.bnReset },
    { name: `${fused.name}, after finetuning`, score: fused.finetuned },
  ];
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** What was done to a fused model after fusion, for the card's second paragraph. */
export type AfterFusion = { kind: 'fused' } | { kind: 'bn-reset'; samples: number } | { kind: 'finetuned'; steps: number; batchSize: number; lr: number; optimizer: string };

/** The card of a fused model: its parents, how they were fused, what came after, and the run's scores. */
export function fusedModelCard(args: {
  parents: readonly CardParent[];
  anchor: number;
  method: AlignmentMethod;
  setup: FusionSetup;
  pipelineTag?: string;
  /** Examples whose activations aligned the models. */
  samples?: number;
  after?: AfterFusion;
  scores?: CardScores;
}): ModelCard {
  const { parents, anchor, method } = args;
  const names = parents.map((p) => baseModelName(p.dir, p.configJson));
  const reference = method.reference ? ` (${method.reference})` : '';
  const made = [
    `This model was made with otfuse from ${plural(parents.length, 'model')}: ${names.map((n) => `\`${n}\``).join(', ')}. ` +
      `The method is ${method.label}${reference}: it ${method.description}. ` +
      `The anchor is \`${names[anchor]}\`: the fused model has its shapes and config.json, and the other files of its folder (tokenizer, preprocessing, generation settings).`,
  ];
  const after = args.after ?? { kind: 'fused' };
  if (after.kind === 'bn-reset') made.push(`Its normalisation statistics were then recomputed on ${plural(after.samples, 'train example')}.`);
  if (after.kind === 'finetuned') made.push(`It was then finetuned for ${plural(after.steps, 'step')} (batch ${after.batchSize}, ${after.optimizer}, learning rate ${after.lr}).`);
  const rows = [['method', method.label], ['anchor', names[anchor]], ...(method.id === OT_FUSION.id ? fusionSettings(args.setup, args.samples) : [])];
  const weights = args.setup.options.modelWeights;
  if (weights) rows.push(['averaging weights', weights.join(', ')]);
  const scores = args.scores && scoreTable(args.scores);
  return {
    baseModels: names,
    ...(args.pipelineTag ? { pipelineTag: args.pipelineTag } : {}),
    title: `${method.label} of ${names.join(' and ')}`,
    made,
    settings: { header: ['setting', 'value'], rows },
    ...(scores && args.scores ? { scoresNote: `On ${args.scores.data}, as the run's report gives them:`, scores } : {}),
  };
}

/** The card of a model `otfuse train` made: from scratch or from `init_from`, how it trained, its test score. */
export function trainedModelCard(args: {
  architecture: string;
  initFrom?: CardParent;
  training: string;
  pipelineTag?: string;
  scores: CardScores;
}): ModelCard {
  const base = args.initFrom && baseModelName(args.initFrom.dir, args.initFrom.configJson);
  const scores = scoreTable(args.scores);
  return {
    baseModels: base ? [base] : [],
    ...(args.pipelineTag ? { pipelineTag: args.pipelineTag } : {}),
    title: `${args.architecture} trained with otfuse`,
    made: [`This model was trained with otfuse ${base ? `from \`${base}\`'s weights` : 'from a seeded initialisation'}: ${args.training}.`],
    ...(scores ? { scoresNote: `On ${args.scores.data}:`, scores } : {}),
  };
}
