import type { FuseReport, Score } from '@otfuse/run';
import { fuseReportHtml } from './fuse-report-html';

const score = (accuracy: number): Score => ({ task: 'classification', accuracy, loss: 1 - accuracy, count: 200, predictions: 200 });

/** A run's report with the statistics reset and finetuning, as `fuse` writes it. */
const report = {
  command: 'fuse',
  createdAt: '2025-01-02T03:04:05.000Z',
  experiment: 'resnet.yaml',
  config: {},
  backend: 'wasm',
  forwardPasses: [],
  architecture: 'hf-resnet',
  models: [],
  data: { dataset: 'mnist', params: {}, layout: 'chw', trainExamples: 400, testExamples: 200 },
  activations: { requested: 40, used: 40, rejectedByLoss: 0 },
  fusion: {},
  methods: [{ id: 'ot', label: 'OT fusion', folder: 'otfused', done: true, seconds: { activations: 1, fusion: 1 } }],
  finetune: { steps: 4, lr: 0.001, batchSize: 16, seed: 3, optimizer: 'adam' },
  bnReset: { samples: 100 },
  results: [
    { name: 'model 0', kind: 'parent', oneShot: score(0.9) },
    { name: 'OT fusion', kind: 'fused', method: 'ot', oneShot: score(0.5), bnReset: score(0.7), finetuned: score(0.8) },
  ],
  timings: {},
  outputs: [],
  warnings: [],
} as unknown as FuseReport;

describe('report.html', () => {
  it('has a column and a bar for each measurement: one-shot, after the statistics reset, after finetuning', () => {
    const html = fuseReportHtml(report);
    expect(html).toContain('<th>accuracy after BN reset</th>');
    expect(html).toContain('<th>accuracy after finetune</th>');
    expect([...html.matchAll(/<rect class="(one-shot|bn-reset|finetuned)"/g)].map((m) => m[1])).toEqual(['one-shot', 'one-shot', 'bn-reset', 'finetuned']);
    expect(html).toContain('BatchNorm statistics reset on 100');
  });
});

describe('report.html of a task without labels', () => {
  it("shows each fused model's outputs against each parent's", () => {
    const compared = {
      ...report,
      finetune: null,
      bnReset: null,
      results: [
        { name: 'model 0', kind: 'parent', oneShot: null },
        { name: 'OT fusion', kind: 'fused', method: 'ot', oneShot: null, comparisons: [{ parent: 0, meanSquaredDifference: 0.00125, cosineSimilarity: 0.98765, linearCka: 0.99991, count: 10 }] },
      ],
    } as unknown as FuseReport;
    const html = fuseReportHtml(compared);
    expect(html).toContain('<th>mean squared difference from model 0</th><th>cosine similarity to model 0</th><th>linear CKA with model 0</th>');
    expect(html).toContain('<tr><th scope="row">OT fusion</th><td>1.250e-3</td><td>0.9877</td><td>0.9999</td></tr>');
  });
});
