import type { FusionOptions } from '@otfuse/core';
import type { ParameterValues } from '@otfuse/extension';
import type { FinetuneSettings } from '../config/experiment';
import type { Score } from './score';

/** One row of the results: a parent, the OT-fused model or vanilla fusion. */
export interface ModelResult {
  name: string;
  kind: 'parent' | 'otfusion' | 'vanilla';
  /** Model folder of a parent. */
  path?: string;
  /** Test metrics one-shot (null: not evaluated). */
  oneShot: Score | null;
  /** Test metrics after finetuning (absent without finetuning; parents are not finetuned). */
  finetuned?: Score | null;
  /** Mean training loss of the last finetuning steps. */
  finetuneLoss?: number;
}

/** Seconds per stage. */
export interface StageTimes {
  load: number;
  data: number;
  activations: number;
  fusion: number;
  vanilla: number;
  evaluation: number;
  finetune: number;
  writing: number;
  total: number;
}

/** `report.json`: everything needed to read and reproduce a `fuse` run. */
export interface FuseReport {
  command: 'fuse';
  createdAt: string;
  experiment: string;
  /** The experiment file as written. */
  config: Record<string, unknown>;
  backend: string | null;
  architecture: string;
  models: { index: number; path: string; anchor: boolean }[];
  data: { dataset: string; params: Record<string, unknown>; layout: string; trainExamples: number; testExamples: number };
  activations: { requested: number; used: number; rejectedByLoss: number };
  fusion: { options: FusionOptions; capture: ParameterValues };
  vanilla: { done: boolean; reason?: string };
  finetune: FinetuneSettings | null;
  results: ModelResult[];
  timings: StageTimes;
  /** Folders written, relative to the output folder. */
  outputs: string[];
  warnings: string[];
}

const percent = (s: Score | null | undefined) => (s ? `${(100 * s.accuracy).toFixed(2)}%` : '—');
const loss = (s: Score | null | undefined) => (s ? s.loss.toFixed(4) : '—');

/** `report.md`: the results table, the options and the timings. */
export function fuseReportMarkdown(report: FuseReport): string {
  const finetuned = report.finetune !== null;
  const header = finetuned
    ? ['| model | accuracy | loss | accuracy after finetune | loss after finetune |', '|---|---:|---:|---:|---:|']
    : ['| model | accuracy | loss |', '|---|---:|---:|'];
  const rows = report.results.map((r) => {
    const cells = [r.name, percent(r.oneShot), loss(r.oneShot)];
    if (finetuned) cells.push(percent(r.finetuned), loss(r.finetuned));
    return `| ${cells.join(' | ')} |`;
  });
  const lines = [
    `# Fusion report: ${report.experiment}`,
    '',
    `${report.createdAt} · architecture \`${report.architecture}\` · backend ${report.backend ?? 'unknown'}`,
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
  if (!report.vanilla.done) lines.push(`Vanilla fusion: not done (${report.vanilla.reason}).`, '');
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

/** The results table alone, for the terminal. */
export function resultsTable(report: FuseReport): string {
  const finetuned = report.finetune !== null;
  const width = Math.max(5, ...report.results.map((r) => r.name.length));
  const head = `${'model'.padEnd(width)}  accuracy    loss${finetuned ? '   finetuned accuracy    loss' : ''}`;
  const lines = [head, '-'.repeat(head.length)];
  for (const r of report.results) {
    let line = `${r.name.padEnd(width)}  ${percent(r.oneShot).padStart(8)}  ${loss(r.oneShot).padStart(6)}`;
    if (finetuned) line += `   ${percent(r.finetuned).padStart(18)}  ${loss(r.finetuned).padStart(6)}`;
    lines.push(line);
  }
  return lines.join('\n');
}
