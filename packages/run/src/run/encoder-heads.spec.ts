import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import type { ArchitecturePlugin } from '@otfuse/core';
import { BERT, EncoderArchitecture } from '@otfuse/hf-bert';
import { VitArchitecture } from '@otfuse/hf-vit';
import { type TensorLike, openSafetensors, writeModelFolder, writeSafetensors } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { type ComparedOutputs, type ModelResult, type OutputComparison, WIDTH_NOTE } from '../report/fuse-report';
import { silentProgress } from '../progress';
import { type FuseRunReport, runFuseExperiment } from './fuse-experiment';

// Checkpoints written by transformers 5.18 (see each folder's make-fixtures.py), each fused with
// a copy whose neurons were permuted in PyTorch (the same function), the original as the anchor.
const PLUGINS = path.resolve(__dirname, '../../../../plugins');
const BERT_HEADS = path.join(PLUGINS, 'hf-bert/src/__fixtures__/heads');
const VIT_MODEL = path.join(PLUGINS, 'hf-vit/src/__fixtures__/vitmodel');

let root: string;
beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
});
afterAll(removeTempFolders);

/** The fixture's tensors `names`, as stored. */
function fixtureTensors(file: string, names: readonly string[]): Record<string, TensorLike> {
  const reader = openSafetensors(file);
  try {
    return Object.fromEntries(names.map((name) => [name, { ...reader.read(name), shape: reader.info(name).shape }]));
  } finally {
    reader.close();
  }
}

/** Fuses `models` (the anchor last) on a data file of `tensors` by exact OT and by plain averaging. */
async function fuse(name: string, models: readonly string[], tensors: Record<string, TensorLike>): Promise<FuseRunReport> {
  writeSafetensors(path.join(root, `${name}.safetensors`), tensors);
  const file = writeFile(root, `${name}.yaml`, toYaml({
    model: { ...Object.fromEntries(models.map((dir, i) => [`name_${i}`, dir])), dataset: `${name}.safetensors` },
    fusion: { type: 'acts', ot_solver: 'emd', methods: ['ot', 'vanilla'], acts: { num_samples: 6, seq_filter: null } },
    report: { landscape: { grid: 1, samples: 6 } },
  }));
  const warnings: string[] = [];
  const { report } = await runFuseExperiment({ file, out: path.join(root, `runs/${name}`), replace: false, progress: silentProgress(warnings) });
  return report;
}

/** A model like the fixture in `dir` with `widths` changed in its config.json, drawn by the plugin's own init and written as a model folder. */
function otherWidths(architecture: ArchitecturePlugin, dir: string, widths: Record<string, number>, name: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const config = architecture.normalizeConfig({ ...json, ...widths });
  const tensors = Object.fromEntries(Object.entries(architecture.init(config, 7)).map(([key, t]) => [key, { dtype: 'F32', shape: t.shape, data: t.data } as TensorLike]));
  const folder = path.join(root, 'models', name);
  writeModelFolder(folder, { config: architecture.configJson(config), tensors });
  return folder;
}

const resultOf = (report: FuseRunReport, method: string) => report.results.find((r) => r.method === method) as ModelResult;
const parentResults = (report: FuseRunReport) => report.results.filter((r) => r.kind === 'parent');

describe('BertForQuestionAnswering through otfuse fuse', () => {
  // Start and end per example. transformers' arg-maxes (qa-outputs.safetensors) are starts
  // [3, 0, 0, 8, 4, 4] and ends [3, 6, 0, 2, 2, 2]: examples 0 and 1 are right at both ends,
  // 2 and 4 at their start only, 3 at its end only, 5 at neither.
  const SPANS = [[3, 3], [0, 6], [0, 3], [1, 2], [4, 6], [6, 8]];
  // From transformers' logits in numpy: the mean over examples of (CE(start) + CE(end)) / 2.
  const LOSS = 2.272183368107871;

  it('scores exact-span, start and end accuracy; the permuted copy fused back scores as the anchor', async () => {
    const inputs = fixtureTensors(path.join(BERT_HEADS, 'inputs.safetensors'), ['input_ids', 'attention_mask', 'token_type_ids']);
    const labels: TensorLike = { dtype: 'I64', shape: [6, 2], data: BigInt64Array.from(SPANS.flat(), BigInt) };
    const report = await fuse('qa', [path.join(BERT_HEADS, 'qa-perm'), path.join(BERT_HEADS, 'qa')], { ...inputs, labels });
    const expected = { task: 'span-qa', accuracy: 2 / 6, startAccuracy: 4 / 6, endAccuracy: 3 / 6, count: 6, predictions: 6, loss: expect.closeTo(LOSS, 4) };
    for (const parent of parentResults(report)) expect(parent.oneShot).toEqual(expected);
    expect(resultOf(report, 'ot').oneShot).toEqual(expected);
    expect(resultOf(report, 'vanilla').oneShot).toEqual(expect.objectContaining({ task: 'span-qa', predictions: 6 }));
    const markdown = fs.readFileSync(path.join(root, 'runs/qa/report.md'), 'utf8');
    expect(markdown).toContain('| model | exact match | start accuracy | end accuracy | loss |');
    expect(markdown).toContain('| model 1 (anchor) | 33.33% | 66.67% | 50.00% |');
  });
});

describe('headless encoders (features) through otfuse fuse: a data file of inputs only', () => {
  /** The OT-fused model is the anchor again: cosine 1 and CKA 1 against both parents (the copy computes the anchor's function); plain averaging of unaligned neurons is not. */
  function expectAnchorBack(report: FuseRunReport): void {
    for (const result of report.results) expect(result.oneShot).toBeNull();
    const ot = resultOf(report, 'ot').comparisons ?? [];
    expect(ot.map((c) => [c.parent, c.count])).toEqual([[0, report.data.testExamples], [1, report.data.testExamples]]);
    for (const comparison of ot) {
      expect(Math.abs((comparison.cosineSimilarity as number) - 1)).toBeLessThan(1e-5);
      expect(Math.abs((comparison.linearCka as number) - 1)).toBeLessThan(1e-5);
      expect(comparison.meanSquaredDifference).toBeLessThan(1e-9);
      // The last hidden states too: the copy's are the anchor's with their features permuted, so
      // CKA is 1 against both parents and the cosine per token 1 against the anchor alone.
      const tokens = comparison.tokens as ComparedOutputs;
      expect(Math.abs((tokens.linearCka as number) - 1)).toBeLessThan(1e-5);
      if (comparison.parent === 1) expect(Math.abs((tokens.cosineSimilarity as number) - 1)).toBeLessThan(1e-5);
      else expect(tokens.cosineSimilarity).toBeLessThan(0.9);
    }
    const vanilla = resultOf(report, 'vanilla').comparisons ?? [];
    for (const comparison of vanilla) {
      expect(comparison.cosineSimilarity).toBeLessThan(1 - 1e-3);
      expect(comparison.linearCka).toBeGreaterThanOrEqual(0);
      expect(comparison.linearCka).toBeLessThan(1 - 1e-3);
    }
  }

  it('BertModel: pooled outputs compared by cosine similarity and linear CKA, no labels read', async () => {
    const inputs = fixtureTensors(path.join(BERT_HEADS, 'inputs.safetensors'), ['input_ids', 'attention_mask', 'token_type_ids']);
    const report = await fuse('bert-base', [path.join(BERT_HEADS, 'base-perm'), path.join(BERT_HEADS, 'base')], inputs);
    expect(report.data.params).toEqual(expect.objectContaining({ inputs_only: true }));
    expectAnchorBack(report);
    const markdown = fs.readFileSync(path.join(root, 'runs/bert-base/report.md'), 'utf8');
    expect(markdown).toContain('| cosine similarity to model 1 | linear CKA with model 1 | token cosine similarity to model 1 | token linear CKA with model 1 |');
    expect(markdown).toContain('one row per token (padding left out)');
    // The permuted copy's tokens are every non-padding token of the inputs.
    const mask = inputs.attention_mask.data as BigInt64Array;
    expect(resultOf(report, 'ot').comparisons?.[0].tokens?.count).toBe(mask.filter((m) => m === 1n).length);
  });

  it('ViTModel: pooled outputs compared by cosine similarity and linear CKA, no labels read', async () => {
    const inputs = fixtureTensors(path.join(VIT_MODEL, 'inputs.safetensors'), ['pixel_values']);
    const report = await fuse('vit-model', [path.join(VIT_MODEL, 'model-perm'), path.join(VIT_MODEL, 'model')], inputs);
    expectAnchorBack(report);
  });
});

// An encoder fuses only parents of the anchor's output width (the pooled output, or a DistilBertModel's
// hidden states), so the per-example scores of the outputs always pair; the last hidden states of a
// wider ViT do not (compareOutputs' own spec has outputs of other widths).
describe('a features run with a parent of another width', () => {
  /** The fused model (the anchor's widths) against the wide parent (model 0) and the anchor (model 1). */
  const otComparisons = (report: FuseRunReport) => resultOf(report, 'ot').comparisons as OutputComparison[];

  it('BertModel with a wider MLP: the outputs keep the hidden size, every score against both parents', async () => {
    const inputs = fixtureTensors(path.join(BERT_HEADS, 'inputs.safetensors'), ['input_ids', 'attention_mask', 'token_type_ids']);
    const wide = otherWidths(new EncoderArchitecture(BERT), path.join(BERT_HEADS, 'base'), { intermediate_size: 48 }, 'bert-wide-mlp');
    const report = await fuse('bert-wide-mlp', [wide, path.join(BERT_HEADS, 'base')], inputs);
    for (const comparison of otComparisons(report)) {
      expect(comparison).toEqual(expect.objectContaining({ cosineSimilarity: expect.any(Number), meanSquaredDifference: expect.any(Number) }));
      expect(comparison.tokens).toEqual(expect.objectContaining({ cosineSimilarity: expect.any(Number), linearCka: expect.any(Number) }));
    }
    expect(fs.readFileSync(path.join(root, 'runs/bert-wide-mlp/report.md'), 'utf8')).not.toContain(WIDTH_NOTE);
  });

  it('ViTModel of hidden 24 into 16 (one pooler_output_size): pooled outputs compared in full, token outputs by linear CKA alone', async () => {
    const inputs = fixtureTensors(path.join(VIT_MODEL, 'inputs.safetensors'), ['pixel_values']);
    const wide = otherWidths(new VitArchitecture(), path.join(VIT_MODEL, 'model'), { hidden_size: 24, intermediate_size: 40 }, 'vit-wide');
    const report = await fuse('vit-wide', [wide, path.join(VIT_MODEL, 'model')], inputs);
    const [toWide] = otComparisons(report);
    expect(toWide).toEqual(expect.objectContaining({ parent: 0, cosineSimilarity: expect.any(Number), meanSquaredDifference: expect.any(Number) }));
    expect(toWide.tokens).toEqual({ linearCka: expect.any(Number), count: report.data.testExamples * 10 });
    const markdown = fs.readFileSync(path.join(root, 'runs/vit-wide/report.md'), 'utf8');
    // Against the wide parent: the pooled scores, a dash for the token cosine, the token CKA; then the anchor's five.
    expect(markdown).toMatch(/\n\| OT fusion \| [^|]+e-?\d+ \| -?\d\.\d{4} \| \d\.\d{4} \| — \| \d\.\d{4} \|( [^|—]+ \|){5}\n/);
    expect(markdown).toContain(WIDTH_NOTE);
  });
});
