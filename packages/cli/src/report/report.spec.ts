import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { type Dataset, firstN, loadMnist } from '@otfuse/data';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { openSafetensors } from '@otfuse/io';
import { handAccuracy, removeTempFolders, tempFolder, toYaml, writeFile, writeTinyMlp } from '@otfuse/run/testing';
import { rerenderReport } from '../commands/report';
import { type Barrier, type FuseReport, isSkipped, type Landscape, silentProgress } from '@otfuse/run';
import { runFuseExperiment } from '../fuse-with-report';

// One small real run (two MLPs trained from different seeds), its figures checked against the
// models they stand for, drawn again by `otfuse report`, and opened in a real browser.
let root: string;
let out: string;
let report: FuseReport;

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  await writeTinyMlp(root, 'models/a', [24], 1);
  await writeTinyMlp(root, 'models/b', [24], 2);
  const file = writeFile(
    root,
    'experiment.yaml',
    toYaml({
      model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist', type: 'generic-mlp' },
      fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 100, seq_filter: null } },
      data: { train_samples: 600, test_samples: 120 },
      finetune: { steps: 6, lr: 0.001, batch_size: 16, seed: 3 },
      report: { landscape: { grid: 2, samples: 120 } },
    }),
  );
  out = path.join(root, 'runs', 'figures');
  report = (await runFuseExperiment({ file, out, replace: false, progress: silentProgress([]) })).report;
});

afterAll(removeTempFolders);

/** The test accuracy of parent `index`, or of the model a method fused. */
const accuracyOf = (which: number | string) =>
  report.results.find((r) => (typeof which === 'number' ? r.kind === 'parent' && r.name.startsWith(`model ${which}`) : r.method === which))!.oneShot!.accuracy;

/** Accuracies counted by hand (the forward pass on tfjs and an arg-max) on the 120 test examples the figures score. */
let figureExamples: Dataset;
const byHand = (dir: string) => handAccuracy(path.join(root, dir), new MlpArchitecture(), figureExamples);
beforeAll(() => {
  figureExamples = firstN(loadMnist({ split: 'test' }), 120);
});

describe('the figures of a run', () => {
  it('keeps every solved map in maps.safetensors, one figure each', () => {
    const maps = report.figures!.maps;
    expect(maps.map((m) => [m.label, m.n0, m.n1])).toEqual([['layers.0', 24, 24]]);
    // EMD between equal widths is a permutation.
    expect(maps[0].permutationCloseness).toBe(1);
    expect(maps[0].unreceived).toBe(0);
    const reader = openSafetensors(path.join(out, 'maps.safetensors'));
    expect(reader.names()).toEqual(['map.000']);
    expect(reader.info('map.000')).toMatchObject({ dtype: 'F16', shape: [24, 24] });
    reader.close();
  });

  it("marks the landscape's three models with the accuracies of the results table", () => {
    const landscape = report.figures!.landscape as Landscape;
    expect(isSkipped(landscape)).toBe(false);
    expect(landscape.u).toEqual([-0.5, 0, 0.5, 1, 1.5]);
    const at = (u: number, v: number) => landscape.values[landscape.v.indexOf(v)][landscape.u.indexOf(u)];
    expect([at(0, 0), at(1, 0), at(0, 1)]).toEqual([accuracyOf(1), accuracyOf('ot'), accuracyOf('vanilla')]);
    // …which are the accuracies of the anchor and the written fused models, counted by hand.
    expect([at(0, 0), at(1, 0), at(0, 1)]).toEqual([byHand('models/b'), byHand('runs/figures/otfused'), byHand('runs/figures/vanilla')]);
    expect(landscape.samples).toBe(120);
  });

  it('draws the barrier between the anchor and model 0, through the OT-fused model when aligned', () => {
    const barrier = report.figures!.barrier as Barrier;
    expect(barrier.model).toBe(0);
    expect(barrier.unaligned[0]).toBe(accuracyOf(1));
    expect(barrier.aligned[0]).toBe(accuracyOf(1));
    expect(barrier.unaligned[10]).toBe(accuracyOf(0));
    expect(barrier.aligned[5]).toBe(accuracyOf('ot'));
    // The ends and the middle, counted by hand from the models they stand for.
    expect([barrier.unaligned[0], barrier.unaligned[10], barrier.aligned[5]]).toEqual([byHand('models/b'), byHand('models/a'), byHand('runs/figures/otfused')]);
    // With exact OT the aligned model 0 computes what model 0 computes.
    expect(barrier.aligned[10]).toBe(accuracyOf(0));
  });

  it('records the finetuning loss of every step of both fused models', () => {
    expect(report.figures!.finetuneLosses.map((f) => [f.name, f.losses.length])).toEqual([
      ['OT fusion', 6],
      ['vanilla fusion', 6],
    ]);
  });

  it('writes each plot as a standalone SVG, and the same SVGs into report.html', () => {
    const plots = fs.readdirSync(path.join(out, 'plots')).sort();
    expect(plots).toEqual(['accuracy.svg', 'barrier.svg', 'finetune.svg', 'flow-graph.svg', 'landscape.svg', 'maps']);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    for (const name of ['landscape', 'barrier', 'flow-graph', 'finetune']) {
      const svg = fs.readFileSync(path.join(out, 'plots', `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(html).toContain(`<figure class="plot" id="${name}">${svg}</figure>`);
    }
    expect(html.match(/<g class="marker"/g)).toHaveLength(3);
  });

  it('is drawn again byte for byte by otfuse report', () => {
    const before = snapshot(out);
    fs.rmSync(path.join(out, 'plots'), { recursive: true });
    fs.writeFileSync(path.join(out, 'report.html'), 'stale');
    rerenderReport(out);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(out).filter((name) => name.startsWith('.report-'))).toEqual([]);
  });

  it('refuses a folder that is not a finished run', () => {
    expect(() => rerenderReport(root)).toThrow(`${path.join(root, 'report.json')}: no such file; expected the folder of a finished otfuse fuse run`);
  });
});

/** Every file of a run folder's report, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/^(report\.(html|md)|plots)/.test(rel)) files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return files;
}

// The page as a reader sees it, in headless Chromium. Where Chromium is not installed the test
// is skipped with a note, unless OTFUSE_REQUIRE_BROWSER is set (as CI does): then it fails.
const CHROMIUM = '/usr/bin/chromium';
const haveBrowser = fs.existsSync(CHROMIUM);
if (!haveBrowser && !process.env.OTFUSE_REQUIRE_BROWSER) {
  console.warn(`report browser test skipped: ${CHROMIUM} not found (apt-get install chromium to run it)`);
}
(haveBrowser || process.env.OTFUSE_REQUIRE_BROWSER ? describe : describe.skip)('report.html in a browser', () => {
  it('loads without errors and shows every plot, the landscape markers and a page that is not blank', async () => {
    expect(fs.existsSync(CHROMIUM)).toBe(true);
    const { chromium } = await import('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => !request.url().startsWith('file:') && errors.push(`network request: ${request.url()}`));
      await page.setViewportSize({ width: 1000, height: 800 });
      await page.goto(`file://${path.join(out, 'report.html')}`);
      for (const selector of ['#landscape svg', '#barrier svg', '#flow-graph svg', '#finetune svg', 'figure.heatmap svg']) {
        const box = await page.locator(selector).first().boundingBox();
        expect([selector, (box?.width ?? 0) > 50 && (box?.height ?? 0) > 50]).toEqual([selector, true]);
      }
      const markers = await page.locator('#landscape g.marker circle').evaluateAll((circles) => circles.map((c) => c.getBoundingClientRect().width));
      expect(markers).toHaveLength(3);
      for (const width of markers) expect(width).toBeGreaterThan(5);
      const shot = await page.screenshot({ fullPage: true });
      await page.setContent('<!doctype html><body></body>');
      const blank = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(10 * blank.length);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
