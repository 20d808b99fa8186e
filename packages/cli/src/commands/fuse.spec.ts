import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import type { FuseReport } from '@otfuse/run';
import { TWO_MLP_EXPERIMENT, removeTempFolders, tempFolder, toYaml, writeFile, writeTwoMlpExperiment } from '@otfuse/run/testing';
import { runCli } from '../cli';

// `otfuse fuse` on two MLPs trained from different seeds: what the command adds to the run
// (the page and its plots, the summary on stdout, --replace, --dry-run, exit codes).
let root: string;
let experimentFile: string;
const experiment = TWO_MLP_EXPERIMENT;

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  experimentFile = await writeTwoMlpExperiment(root);
});

afterAll(removeTempFolders);

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => /\.(tmp|old)-/.test(name));

/** Runs the command line; resolves to its exit code and what it printed. */
async function otfuse(...argv: string[]) {
  const io = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: (text) => (io.stdout += text), stderr: (text) => (io.stderr += text) });
  return { code, ...io };
}

describe('otfuse fuse', () => {
  const out = () => path.join(root, 'runs', 'first');

  beforeAll(async () => {
    expect(await otfuse('fuse', experimentFile, '--out', out(), '-q')).toMatchObject({ code: 0, stderr: '' });
  });

  it('writes the fused folders and both reports, atomically', () => {
    expect(fs.readdirSync(out()).sort()).toEqual(['maps.safetensors', 'otfused', 'otfused-finetuned', 'plots', 'report.html', 'report.json', 'report.md', 'vanilla', 'vanilla-finetuned']);
    expect(leftovers(path.dirname(out()))).toEqual([]);
    const report: FuseReport = readJson(path.join(out(), 'report.json'));
    // The page: one bar per measurement (every model one-shot, the fused ones also finetuned), as wide as its accuracy.
    const html = fs.readFileSync(path.join(out(), 'report.html'), 'utf8');
    const bars = [...html.matchAll(/<rect class="(one-shot|finetuned)" x="220" y="[\d.]+" width="([\d.]+)"/g)];
    expect(bars.map((b) => b[1])).toEqual(['one-shot', 'one-shot', 'one-shot', 'finetuned', 'one-shot', 'finetuned']);
    const ot = report.results.find((r) => r.name === 'OT fusion')!;
    expect(Number(bars[2][2])).toBeCloseTo(400 * ot.oneShot!.accuracy, 1);
    expect(html).toContain('<th scope="row">OT fusion</th>');
    expect(report.warnings).toEqual([]);
  });

  it('refuses an existing output folder unless told to replace it, leaving it untouched', async () => {
    const before = fs.readFileSync(path.join(out(), 'report.json'), 'utf8');
    expect(await otfuse('fuse', experimentFile, '--out', out(), '-q')).toEqual({ code: 2, stdout: '', stderr: `otfuse: ${out()} already exists; pass --replace to replace it\n` });
    expect(fs.readFileSync(path.join(out(), 'report.json'), 'utf8')).toBe(before);

    const { model, data } = experiment;
    const quick = writeFile(root, 'quick.yaml', toYaml({ model, fusion: { type: 'wts', ot_solver: 'emd' }, data }));
    const { code, stdout, stderr } = await otfuse('fuse', quick, '--out', out(), '--replace', '-q');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain(`wrote ${out()} (otfused/, vanilla/, report.json, report.md, report.html, maps.safetensors, plots/)`);
    expect(fs.readdirSync(out()).sort()).toEqual(['maps.safetensors', 'otfused', 'plots', 'report.html', 'report.json', 'report.md', 'vanilla']);
    const replaced = readJson(path.join(out(), 'report.json'));
    expect(replaced.fusion.options.mode).toBe('wts');
    // Weight mode with the mean residual policy reads no activations.
    expect(replaced.activations).toEqual({ requested: 200, used: 0, rejectedByLoss: 0 });
    expect(leftovers(path.dirname(out()))).toEqual([]);
  });

  it('refuses an absurd eval.batch_size before any work, with exit code 2', async () => {
    const file = writeFile(
      root,
      'huge-batch.yaml',
      toYaml({
        model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist', type: 'generic-mlp' },
        fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 20, seq_filter: null } },
        data: { train_samples: 50, test_samples: 20 },
        eval: { batch_size: 2_000_000_000 },
      }),
    );
    const refused = path.join(root, 'runs', 'refused');
    const { code, stderr } = await otfuse('fuse', file, '--out', refused, '-q');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^otfuse: eval\.batch_size is 2000000000, but a forward pass of model\.name_0 \(.*models\/a\) on 2000000000 examples needs about [\d.]+ GiB of WebAssembly memory .* set eval\.batch_size to at most \d+\n$/);
    expect(fs.existsSync(refused)).toBe(false);
  });
});

describe('otfuse fuse --dry-run', () => {
  it('checks everything, prints the plan, and writes nothing', async () => {
    const before = fs.readdirSync(root).sort();
    const { code, stdout } = await otfuse('fuse', experimentFile, '--dry-run');
    expect(code).toBe(0);
    expect(stdout).toContain('architecture generic-mlp; activations + emd; residual policy mean');
    expect(stdout).toContain('activations captured: layers.0');
    expect(stdout).toMatch(/plan \(2 steps\):\n {2}1\. linear {4}layers\.0 {2}\[layers\.0\.weight, layers\.0\.bias\]\n {2}2\. linear {4}layers\.1 {2}← layers\.0/);
    expect(fs.readdirSync(root).sort()).toEqual(before);
  });
});
