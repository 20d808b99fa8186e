import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { ARCHITECTURE } from '@otfuse/core';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { writeTinyRun } from '../__tests__/tiny-run';
import { createContainer } from '../container';
import { silentProgress } from '../progress';
import { type FuseRunReport, runFuseExperiment } from './fuse-experiment';

/** An MLP declared as a feature extractor: its outputs are features, there is nothing to score. */
class FeatureMlp extends MlpArchitecture {
  override readonly id = 'feature-mlp' as 'generic-mlp';
  override task = () => 'features';
}

// A model fused with itself by exact OT comes back as it is, so the fused feature extractor's
// outputs equal each parent's: no difference, cosine similarity 1.
describe('a run whose task has no labels (features)', () => {
  let report: FuseRunReport;
  let out: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    await initBackend({ force: 'wasm', log: () => undefined });
    const dir = tempFolder();
    const file = writeTinyRun(dir, {
      model: { name_0: 'models/b', name_1: 'models/b', dataset: 'data/digits.safetensors', type: 'feature-mlp' },
      fusion: { type: 'acts', ot_solver: 'emd', methods: ['ot', 'vanilla'], acts: { num_samples: 60, seq_filter: null } },
    });
    const container = createContainer();
    container.register(ARCHITECTURE, { useValue: new FeatureMlp() });
    out = path.join(dir, 'out');
    report = (await runFuseExperiment({ file, out, replace: false, container, progress: silentProgress(warnings) })).report;
  });

  afterAll(removeTempFolders);

  it("compares each fused model's outputs with each parent's instead of scoring", () => {
    const fused = report.results.filter((r) => r.kind === 'fused');
    expect(fused.map((r) => r.method)).toEqual(['ot', 'vanilla']);
    for (const result of report.results) expect(result.oneShot).toBeNull();
    for (const result of fused) {
      expect(result.comparisons?.map((c) => [c.parent, c.meanSquaredDifference, c.count])).toEqual([
        [0, 0, 160],
        [1, 0, 160],
      ]);
      for (const comparison of result.comparisons!) {
        expect(comparison.cosineSimilarity).toBeCloseTo(1, 6);
        expect(comparison.linearCka).toBeCloseTo(1, 6);
      }
    }
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain(
      '| model | mean squared difference from model 0 | cosine similarity to model 0 | linear CKA with model 0 | mean squared difference from model 1 | cosine similarity to model 1 | linear CKA with model 1 |',
    );
  });

  it('skips what needs labels, and says so', () => {
    expect(warnings).toEqual(["finetuning skipped: task 'features' has no labels to train on"]);
    expect(report.figures?.landscape).toEqual({ skipped: "task 'features' has no labels" });
    expect(report.outputs).toEqual(['otfused', 'vanilla']);
  });
});
