import fs from 'node:fs';
import path from 'node:path';
import type { FusionOptions } from '@otfuse/core';
import type { ParameterValues } from '@otfuse/extension';
import type { ReportFigures } from './figures';
import type { FinetuneSettings } from '../config/experiment';
import { type Score, metricCells, metricNames, taskOfScores } from './scores';

/** One row of the results: a parent, or the model one alignment method fused. */
export interface ModelResult {
  name: string;
  kind: 'parent' | 'fused';
  /** The alignment method of a fused model (`ot`, `weight_matching`, `vanilla`, …). */
  method?: string;
  /** Model folder of a parent. */
  path?: string;
  /** Test metrics one-shot (null: not evaluated). */
  oneShot: Score | null;
  /** Test metrics one-shot after the normalisation statistics reset (`fusion.bn_reset`; fused models only). */
  bnReset?: Score | null;
  /** Test metrics after finetuning (absent without finetuning; parents are not finetuned). */
  finetuned?: Score | null;
  /** Mean training loss of the last finetuning steps. */
  finetuneLoss?: number;
  /** A fused feature extractor (a task without labels): how far its test outputs are from each parent's. */
  comparisons?: OutputComparison[];
}

/** A fused model's test outputs against one parent's: averaged over the examples, and linear CKA over them all. */
export interface OutputComparison extends ComparedOutputs {
  parent: number;
  /** The same for the token outputs (the last hidden state, a row per token, padding left out) of an architecture that names them (`tokenOutputs`). */
  tokens?: ComparedOutputs;
}

/** One output of two models compared on the test examples. */
export interface ComparedOutputs {
  /** Mean over the rows of the mean squared difference; absent where the parent's outputs have another shape (another width). */
  meanSquaredDifference?: number;
  /** Mean over the rows of the cosine similarity of their outputs; absent where the shapes differ. */
  cosineSimilarity?: number;
  /** Linear CKA of the outputs on the test examples (Kornblith et al. 2019): 1 for outputs equal up to a rotation or permutation of their features, whatever their widths (absent in reports written before). */
  linearCka?: number;
  /** Rows compared: examples, or tokens. */
  count: number;
}

/** Seconds per stage. */
export interface StageTimes {
  load: number;
  data: number;
  activations: number;
  /** Aligning and averaging, every method together (each method's own seconds are in `methods`). */
  fusion: number;
  /** Recomputing normalisation statistics (`fusion.bn_reset`). */
  bnReset: number;
  evaluation: number;
  /** Measuring the accuracy landscape and the interpolation barrier. */
  figures: number;
  finetune: number;
  writing: number;
  total: number;
}

/** One configured alignment method in a run. */
export interface MethodRun {
  id: string;
  label: string;
  folder: string;
  done: boolean;
  reason?: string;
  seconds: { activations: number; fusion: number };
}

/** `report.json`: everything needed to read and reproduce a `fuse` run. */
export interface FuseReport {
  command: 'fuse';
  createdAt: string;
  experiment: string;
  /** The experiment file as written. */
  config: Record<string, unknown>;
  backend: string | null;
  /** How the evaluations' forward passes ran (`describeForward`), each distinct line once, in order. */
  forwardPasses: string[];
  /** How the finetunes' training steps ran (`describeTraining`), each distinct line once (absent in reports written before). */
  trainingSteps?: string[];
  architecture: string;
  models: { index: number; path: string; anchor: boolean }[];
  data: { dataset: string; params: Record<string, unknown>; layout: string; trainExamples: number; testExamples: number };
  activations: { requested: number; used: number; rejectedByLoss: number };
  fusion: { options: FusionOptions; capture: ParameterValues };
  /** The configured alignment methods in order: whether each ran (and why not), its output folder and its seconds. */
  methods: MethodRun[];
  finetune: FinetuneSettings | null;
  /** `fusion.bn_reset`, with the train examples the statistics were computed on (null: off). */
  bnReset: { samples: number } | null;
  results: ModelResult[];
  timings: StageTimes;
  /** Folders written, relative to the output folder. */
  outputs: string[];
  warnings: string[];
  /** What the figures are drawn from (absent in reports written before they existed). */
  figures?: ReportFigures;
}

/** The task of the run's scores: classification (accuracy, loss) or masked LM (masked-token accuracy, MLM loss, perplexity). */
export function reportTask(report: Pick<FuseReport, 'results'>) {
  return taskOfScores(report.results.flatMap((r) => [r.oneShot, r.bnReset, r.finetuned]));
}

/** `report.md`: the results table, the options and the timings. */
export function fuseReportMarkdown(report: FuseReport): string {
  const finetuned = report.finetune !== null;
  const reset = report.bnReset !== null;
  const task = reportTask(report);
  const names = metricNames(task);
  const columns = ['model', ...names, ...(reset ? names.map((n) => `${n} after BN reset`) : []), ...(finetuned ? names.map((n) => `${n} after finetune`) : [])];
  const header = [`| ${columns.join(' | ')} |`, `|---|${columns.slice(1).map(() => '---:|').join('')}`];
  const rows = report.results.map((r) => {
    const cells = [r.name, ...metricCells(r.oneShot, task)];
    if (reset) cells.push(...metricCells(r.bnReset, task));
    if (finetuned) cells.push(...metricCells(r.finetuned, task));
    return `| ${cells.join(' | ')} |`;
  });
  const lines = [
    `# Fusion report: ${report.experiment}`,
    '',
    `${report.createdAt} · architecture \`${report.architecture}\` · backend ${report.backend ?? 'unknown'}`,
    ...[...report.forwardPasses, ...(report.trainingSteps ?? [])].map((line) => `\n${line}`),
    '',
    '## Test results',
    '',
    `Data set \`${report.data.dataset}\`: ${report.data.testExamples} test examples; activations from ${report.activations.used} train examples` +
      (report.activations.rejectedByLoss ? ` (${report.activations.rejectedByLoss} left out by \`loss_thres\`)` : '') +
      '.',
    '',
    ...header,
    ...rows,
    '',
  ];
  lines.push(...comparisonLines(report));
  for (const method of report.methods.filter((m) => !m.done)) lines.push(`${capitalised(method.label)}: not done (${method.reason}).`, '');
  if (report.bnReset) {
    lines.push(`BN reset: normalisation statistics recomputed on the first ${report.bnReset.samples} train examples for each fused model${finetuned ? '; finetuning starts from the reset models' : ''}.`, '');
  }
  if (report.finetune) {
    const f = report.finetune;
    lines.push(`Finetuning: ${f.steps} steps of ${f.optimizer}, lr ${f.lr}, batch ${f.batchSize}, seed ${f.seed}, on the train split, for each fused model.`, '');
  }
  lines.push('## Models', '', '| index | folder | role |', '|---:|---|---|');
  for (const m of report.models) lines.push(`| ${m.index} | ${m.path} | ${m.anchor ? 'anchor' : ''} |`);
  lines.push('', '## Fusion options', '', '```json', JSON.stringify(report.fusion, null, 2), '```', '', '## Time per stage', '', '| stage | seconds |', '|---|---:|');
  for (const [stage, seconds] of Object.entries(report.timings)) lines.push(`| ${stage} | ${seconds.toFixed(2)} |`);
  if (report.warnings.length) lines.push('', '## Warnings', '', ...report.warnings.map((w) => `- ${w}`));
  lines.push('', `Outputs: ${report.outputs.map((o) => `\`${o}/\``).join(', ')}.`, '');
  return lines.join('\n');
}

/** For a task without labels: each fused model's outputs against each parent's, as a table's columns and rows (none for a labelled task). */
export function comparisonTable(report: Pick<FuseReport, 'results'>): { columns: string[]; rows: string[][] } | undefined {
  const compared = report.results.filter((r) => r.comparisons?.length);
  if (!compared.length) return undefined;
  const first = compared[0].comparisons as OutputComparison[];
  const tokens = first.some((c) => c.tokens);
  return {
    columns: ['model', ...first.flatMap(({ parent: p }) => [
      `mean squared difference from model ${p}`, `cosine similarity to model ${p}`, `linear CKA with model ${p}`,
      ...(tokens ? [`token cosine similarity to model ${p}`, `token linear CKA with model ${p}`] : []),
    ])],
    rows: compared.map((r) => [r.name, ...(r.comparisons as OutputComparison[]).flatMap((c) => [...comparisonCells(c), ...(tokens ? comparisonCells(c.tokens ?? { count: 0 }).slice(1) : [])])]),
  };
}

/** One comparison as the table's cells: mean squared difference, cosine similarity, linear CKA; a dash for a score not computed (see `WIDTH_NOTE`). */
export function comparisonCells(c: ComparedOutputs): [string, string, string] {
  return [c.meanSquaredDifference?.toExponential(3) ?? '—', c.cosineSimilarity?.toFixed(4) ?? '—', c.linearCka?.toFixed(4) ?? '—'];
}

/** Why a report compares outputs rather than scores, in one sentence. */
export const COMPARISON_NOTE = "The task has no labels: each fused model's outputs on the test examples are compared with each parent's (mean squared difference and cosine similarity per example, linear CKA over the examples).";

/** Beside the table, where a row has token outputs. */
export const TOKENS_NOTE = 'Token scores compare the last hidden states, one row per token (padding left out): cosine similarity per token, averaged, and linear CKA over the tokens.';

/** Beside the table, where a parent's outputs have another width than the fused model's. */
export const WIDTH_NOTE = "—: the parent's outputs have another width than the fused model's, so the scores that pair feature with feature (mean squared difference, cosine similarity) are left out; linear CKA compares outputs of any widths.";

/** The notes a comparison table needs: why outputs are compared, token outputs, widths that differ. */
export function comparisonNotes(report: Pick<FuseReport, 'results'>): string[] {
  const comparisons = report.results.flatMap((r) => r.comparisons ?? []);
  const unpaired = comparisons.some((c) => c.cosineSimilarity === undefined || (c.tokens && c.tokens.cosineSimilarity === undefined));
  return [COMPARISON_NOTE, ...(comparisons.some((c) => c.tokens) ? [TOKENS_NOTE] : []), ...(unpaired ? [WIDTH_NOTE] : [])];
}

function comparisonLines(report: FuseReport): string[] {
  const table = comparisonTable(report);
  if (!table) return [];
  return [...comparisonNotes(report).flatMap((note) => [note, '']), `| ${table.columns.join(' | ')} |`, `|---|${table.columns.slice(1).map(() => '---:|').join('')}`, ...table.rows.map((row) => `| ${row.join(' | ')} |`), ''];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Writes `report.md` into `dir`. */
export function writeMarkdownReport(dir: string, report: FuseReport): void {
  fs.writeFileSync(path.join(dir, 'report.md'), fuseReportMarkdown(report));
}

/** The results table alone, for the terminal: one column per metric, one-shot, after the BN reset and after finetuning. */
export function resultsTable(report: FuseReport): string {
  const task = reportTask(report);
  const names = metricNames(task);
  const groups: { title: string; pick: (r: ModelResult) => Score | null | undefined }[] = [{ title: '', pick: (r) => r.oneShot }];
  if (report.bnReset !== null) groups.push({ title: 'BN reset ', pick: (r) => r.bnReset });
  if (report.finetune !== null) groups.push({ title: 'finetuned ', pick: (r) => r.finetuned });
  const width = Math.max(5, ...report.results.map((r) => r.name.length));
  const headers = groups.flatMap((g) => names.map((n) => `${g.title}${n}`));
  const head = `${'model'.padEnd(width)}${headers.map((h) => `  ${h.padStart(8)}`).join('')}`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of report.results) {
    const cells = groups.flatMap((g) => metricCells(g.pick(r), task));
    lines.push(`${r.name.padEnd(width)}${cells.map((c, i) => `  ${c.padStart(Math.max(8, headers[i].length))}`).join('')}`);
  }
  return lines.join('\n');
}
