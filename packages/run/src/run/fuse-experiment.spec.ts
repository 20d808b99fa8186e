import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { openCheckpoint, readModelFolder, writeSafetensors } from '@otfuse/io';
import { handAccuracy } from '../__tests__/hand-accuracy';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { TWO_MLP_EXPERIMENT, writeTinyMlp, writeTwoMlpExperiment } from '../__tests__/tiny-mlps';
import { silentProgress } from '../progress';
import type { Landscape } from '../report/landscape';
import { type FuseRunReport, runFuseExperiment } from './fuse-experiment';

// Two MLPs trained from different seeds, and a wider one, fused end to end through the YAML.
let root: string;
let experimentFile: string;
const experiment = TWO_MLP_EXPERIMENT;

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  experimentFile = await writeTwoMlpExperiment(root);
  await writeTinyMlp(root, 'models/wide', [48], 3);
});

afterAll(removeTempFolders);

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => /\.(tmp|old)-/.test(name));

describe('a fuse run', () => {
  let out: string;
  let report: FuseRunReport;
  let wallSeconds: number;
  const warnings: string[] = [];

  beforeAll(async () => {
    out = path.join(root, 'runs', 'first');
    const started = performance.now();
    const result = await runFuseExperiment({ file: experimentFile, out, replace: false, progress: silentProgress(warnings) });
    wallSeconds = (performance.now() - started) / 1000;
    expect(result.outputDir).toBe(out);
    report = result.report;
  });

  it('writes the fused folders, report.json and report.md, atomically', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['maps.safetensors', 'otfused', 'otfused-finetuned', 'report.json', 'report.md', 'vanilla', 'vanilla-finetuned']);
    expect(leftovers(path.dirname(out))).toEqual([]);
    expect(readJson(path.join(out, 'report.json'))).toEqual(JSON.parse(JSON.stringify(report)));
    const markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('| model | accuracy | loss | accuracy after finetune | loss after finetune |');
    expect(markdown).toMatch(/\| OT fusion \| \d+\.\d\d% \| \d\.\d{4} \| \d+\.\d\d% \| \d\.\d{4} \|/);
    expect(warnings).toEqual([]);
  });

  it("writes HuggingFace folders with the anchor's config.json and tensor names", () => {
    const anchorConfig = readJson(path.join(root, 'models/b/config.json'));
    const anchor = openCheckpoint(path.join(root, 'models/b'));
    for (const folder of ['otfused', 'vanilla', 'otfused-finetuned', 'vanilla-finetuned']) {
      const written = readModelFolder(path.join(out, folder));
      expect(written.config).toEqual(anchorConfig);
      expect(written.weights.names().sort()).toEqual(anchor.names().sort());
      for (const name of anchor.names()) expect(written.weights.info(name).shape).toEqual(anchor.info(name).shape);
      written.weights.close();
    }
    anchor.close();
  });

  it("writes a card in each folder: the parents, the method and its settings, the report's scores", () => {
    const card = (folder: string) => fs.readFileSync(path.join(out, folder, 'README.md'), 'utf8');
    const front = '---\nbase_model:\n- a\n- b\nlibrary_name: transformers\ntags:\n- otfuse\n- model-fusion\n---\n\n';
    const ot = report.results.find((r) => r.method === 'ot');
    const accuracy = (score: { accuracy: number } | null | undefined) => `${(100 * (score?.accuracy ?? NaN)).toFixed(2)}%`;
    expect(card('otfused')).toMatch(new RegExp(`^${front}# OT fusion of a and b\n`));
    expect(card('otfused')).toContain('| OT solver | emd |');
    expect(card('otfused')).toContain(`| OT fusion, one-shot | ${accuracy(ot?.oneShot)} |`);
    expect(card('otfused')).toContain(`| OT fusion, after finetuning | ${accuracy(ot?.finetuned)} |`);
    expect(card('otfused-finetuned')).toContain('It was then finetuned for 10 steps (batch 32, adam, learning rate 0.001).');
    expect(card('vanilla')).not.toContain('OT solver');
  });

  it('writes vanilla fusion as the plain average of the parents', () => {
    const [a, b, vanilla] = ['models/a', 'models/b'].map((m) => path.join(root, m)).concat(path.join(out, 'vanilla')).map((dir) => openCheckpoint(dir));
    for (const name of vanilla.names()) {
      const x = a.readAsFloat32(name).data;
      const y = b.readAsFloat32(name).data;
      const v = vanilla.readAsFloat32(name).data;
      for (let i = 0; i < v.length; i += 97) expect(v[i]).toBeCloseTo((x[i] + y[i]) / 2, 6);
    }
    [a, b, vanilla].forEach((r) => r.close());
  });

  it('reports every model before and after finetuning, the options and the time of each stage', () => {
    expect(report.results.map((r) => [r.name, r.kind, r.method, r.oneShot?.count, r.finetuned?.count])).toEqual([
      ['model 0', 'parent', undefined, 300, undefined],
      ['model 1 (anchor)', 'parent', undefined, 300, undefined],
      ['OT fusion', 'fused', 'ot', 300, 300],
      ['vanilla fusion', 'fused', 'vanilla', 300, 300],
    ]);
    for (const parent of report.results.slice(0, 2)) expect(parent.oneShot!.accuracy).toBeGreaterThan(0.6);
    // Finetuning the fused models on their training objective does not lower their test accuracy.
    for (const fused of report.results.slice(2)) expect(fused.finetuned!.accuracy).toBeGreaterThanOrEqual(fused.oneShot!.accuracy);
    expect(report.activations).toEqual({ requested: 100, used: 100, rejectedByLoss: 0 });
    expect(report.fusion.options).toMatchObject({ mode: 'acts', solver: 'emd', anchor: 1, residualPolicy: 'mean' });
    expect(report.fusion.capture).toEqual({ seq_filter: 'none', pre_relu: true });
    expect(report.data).toMatchObject({ dataset: 'mnist', layout: 'flat', trainExamples: 600, testExamples: 300 });
    // 300 test examples in batches of 64: enough to compile each model's forward pass.
    expect(report.forwardPasses).toEqual([expect.stringMatching(/^forward passes: one onnxruntime-node graph per model \(\d+ kernels\)$/)]);
    expect(Object.keys(report.timings)).toEqual(['load', 'data', 'activations', 'fusion', 'bnReset', 'evaluation', 'figures', 'finetune', 'writing', 'total']);
    // The fusion stage is the methods' own seconds together.
    const methodSeconds = report.methods.reduce((sum, m) => sum + m.seconds.fusion, 0);
    expect(report.timings.fusion).toBeCloseTo(methodSeconds, 9);
    expect(report.methods.every((m) => m.seconds.fusion > 0)).toBe(true);
    // Every stage did work and was timed (the statistics reset is off by default); the stages add up to at most the total, the total to at most the wall clock.
    const { total, ...stages } = report.timings;
    for (const [stage, seconds] of Object.entries(stages)) expect(seconds)[stage === 'bnReset' ? 'toBe' : 'toBeGreaterThan'](0);
    expect(report.bnReset).toBeNull();
    const sum = Object.values(stages).reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(total + 1e-3);
    expect(total).toBeLessThanOrEqual(wallSeconds);
    expect(sum).toBeGreaterThan(0.9 * total);
  });

  it('states the batch size and the size of the figures it chose, and why', () => {
    // The file sets neither eval.batch_size nor report.landscape: a tiny MLP fits the defaults.
    expect(report.evalBatch).toEqual({ size: 64, setting: 'eval.batch_size', source: 'default', reason: 'eval.batch_size is not set; the default 64 fits' });
    const landscape = report.figures!.landscape as Landscape;
    expect(landscape.sizing).toMatchObject({ source: 'budget', grid: landscape.u.length - 3, samples: landscape.samples });
    // Which sentence comes depends on this machine's speed at the moment (a loaded runner measures
    // more per model): the largest grid that fits the budget, or the smallest figure when none does.
    const { reason, predictedSeconds, budgetSeconds, grid } = landscape.sizing!;
    const fitting = /^report\.landscape grid and samples not set: grid \d with \d+ samples is the largest predicted to take at most 80% of .*report\.landscape\.time_share 0\.25/;
    const smallest = /^report\.landscape grid and samples not set: even grid 1 with \d+ samples is predicted to take about .*report\.landscape\.time_share 0\.25 .*; it is the smallest figure made$/;
    expect([fitting.test(reason), smallest.test(reason)]).toContain(true);
    // When it fits, the budget covered the measurement and the predicted points.
    if (fitting.test(reason)) expect(predictedSeconds).toBeLessThanOrEqual(budgetSeconds!);
    else expect(grid).toBe(1);
  });

  it('reports the accuracies the written models have when read back, counted by hand', () => {
    const test = firstN(loadMnist({ split: 'test' }), 300);
    const byHand = (dir: string) => handAccuracy(dir, new MlpArchitecture(), test);
    const accuracies = report.results.map((r) => [r.oneShot!.accuracy, r.finetuned?.accuracy]);
    expect(accuracies).toEqual([
      [byHand(path.join(root, 'models/a')), undefined],
      [byHand(path.join(root, 'models/b')), undefined],
      [byHand(path.join(out, 'otfused')), byHand(path.join(out, 'otfused-finetuned'))],
      [byHand(path.join(out, 'vanilla')), byHand(path.join(out, 'vanilla-finetuned'))],
    ]);
  });

  it('refuses an existing output folder unless told to replace it, leaving it untouched, and replaces it when told', async () => {
    const before = fs.readFileSync(path.join(out, 'report.json'), 'utf8');
    await expect(runFuseExperiment({ file: experimentFile, out, replace: false, progress: silentProgress() })).rejects.toThrow(`${out} already exists; pass --replace to replace it`);
    expect(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).toBe(before);

    const { model, data } = experiment;
    const quick = writeFile(root, 'quick.yaml', toYaml({ model, fusion: { type: 'wts', ot_solver: 'emd' }, data }));
    // The report's other files are written into the run's folder before it is moved into place.
    const beforeReportFiles: string[] = [];
    const reportFiles = (dir: string) => {
      beforeReportFiles.push(...fs.readdirSync(dir).sort());
      fs.writeFileSync(path.join(dir, 'report.txt'), 'written by the caller');
    };
    await runFuseExperiment({ file: quick, out, replace: true, progress: silentProgress(), reportFiles });
    expect(beforeReportFiles).toEqual(['maps.safetensors', 'otfused', 'report.json', 'vanilla']);
    expect(fs.readdirSync(out).sort()).toEqual(['maps.safetensors', 'otfused', 'report.json', 'report.txt', 'vanilla']);
    const replaced = readJson(path.join(out, 'report.json'));
    expect(replaced.fusion.options.mode).toBe('wts');
    // Weight mode with the mean residual policy reads no activations.
    expect(replaced.activations).toEqual({ requested: 200, used: 0, rejectedByLoss: 0 });
    expect(leftovers(path.dirname(out))).toEqual([]);
  });

  it('refuses to write into an input before doing any work', async () => {
    const stages: string[] = [];
    const progress = { ...silentProgress(), stage: (name: string) => (stages.push(name), () => 0) };
    await expect(runFuseExperiment({ file: experimentFile, out: path.join(root, 'models'), replace: true, progress })).rejects.toThrow(
      `refusing to write ${path.join(root, 'models')}: it contains the input ${path.join(root, 'models/a')}`,
    );
    expect(fs.existsSync(path.join(root, 'models/a/model.safetensors'))).toBe(true);
    // Refused before the first stage (loading the models) began.
    expect(stages).toEqual([]);
  });
});

describe('a fuse run with a wider parent and a data file', () => {
  it('fuses into the anchor widths, skips vanilla fusion and reads examples from a .safetensors file', async () => {
    // 400 MNIST images as pixel_values [N, 1, 28, 28] with int64 labels, like a HuggingFace export.
    const images = firstN(loadMnist({ split: 'test', layout: 'chw' }), 400).get(Array.from({ length: 400 }, (_, i) => i));
    fs.mkdirSync(path.join(root, 'data'));
    writeSafetensors(path.join(root, 'data/digits.safetensors'), {
      pixel_values: { dtype: 'F32', shape: images.shape, data: images.x },
      labels: { dtype: 'I64', shape: [400], data: BigInt64Array.from(images.y, (y) => BigInt(y)) },
    });
    const file = writeFile(
      root,
      'hetero.yaml',
      toYaml({
        model: { name_0: 'models/wide', name_1: 'models/b', dataset: 'data/digits.safetensors' },
        fusion: { ot_solver: 'sinkhorn', sinkhorn_reg: 0.05, acts: { num_samples: 500, seq_filter: 'None' } },
      }),
    );
    const warnings: string[] = [];
    const out = path.join(root, 'runs', 'hetero');
    const { report } = await runFuseExperiment({ file, out, replace: false, progress: silentProgress(warnings) });
    expect(warnings).toEqual([
      'fusion.acts.num_samples is 500 but only 400 train examples exist; using 400',
      "vanilla fusion skipped: 'layers.0.bias' is [48] in model 0 but [32] in model 1",
    ]);
    expect(report.architecture).toBe('generic-mlp');
    expect(report.data).toMatchObject({ dataset: 'tensors-file', layout: 'flat', trainExamples: 400, testExamples: 400 });
    expect(report.methods.map((m) => [m.id, m.done, m.reason])).toEqual([
      ['ot', true, undefined],
      ['vanilla', false, "'layers.0.bias' is [48] in model 0 but [32] in model 1"],
    ]);
    expect(report.results.map((r) => r.name)).toEqual(['model 0', 'model 1 (anchor)', 'OT fusion']);
    expect(fs.readdirSync(out).sort()).toEqual(['maps.safetensors', 'otfused', 'report.json', 'report.md']);
    const fused = openCheckpoint(path.join(out, 'otfused'));
    expect(fused.info('layers.0.weight').shape).toEqual([32, 784]);
    fused.close();
  });
});

describe('a fuse run with three models', () => {
  it('aligns every model to the anchor named by model.anchor and averages all three', async () => {
    const file = writeFile(
      root,
      'three.yaml',
      toYaml({
        model: { name_0: 'models/a', name_1: 'models/b', name_2: 'models/wide', anchor: 0, dataset: 'mnist' },
        fusion: { num_models: 3, type: 'wts', ot_solver: 'emd' },
        data: { train_samples: 600, test_samples: 300 },
        regression: { only_eval_ot: true },
      }),
    );
    const out = path.join(root, 'runs', 'three');
    const { report } = await runFuseExperiment({ file, out, replace: false, progress: silentProgress([]) });
    // The anchor (model 0) has 32 hidden neurons; the wide model's 48 are transported onto them.
    const fused = openCheckpoint(path.join(out, 'otfused'));
    expect(fused.info('layers.0.weight').shape).toEqual([32, 784]);
    // The classifier's bias is not aligned, so it is exactly the mean of the three biases.
    const biases = ['models/a', 'models/b', 'models/wide'].map((m) => {
      const { weights } = readModelFolder(path.join(root, m));
      const bias = weights.readAsFloat32('layers.1.bias').data;
      weights.close();
      return bias;
    });
    const mean = biases[0].map((_, i) => (biases[0][i] + biases[1][i] + biases[2][i]) / 3);
    fused.readAsFloat32('layers.1.bias').data.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 5));
    fused.close();
    expect(report.results.find((r) => r.name === 'OT fusion')?.oneShot?.accuracy).toBeGreaterThan(0.5);
  });
});
