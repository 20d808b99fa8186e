import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { openCheckpoint } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { writeTinyRun } from '../__tests__/tiny-run';
import { silentProgress } from '../progress';
import type { Barrier, Landscape } from '../report/landscape';
import { type FuseRunReport, runFuseExperiment } from './fuse-experiment';

// Three alignment methods side by side in one experiment: each gives a row, folders and, for
// the first two, the landscape's corners; the first one's alignment is the barrier's.
const fusion = (extra: Record<string, unknown>) => ({
  fusion: { type: 'acts', ot_solver: 'emd', acts: { num_samples: 60, seq_filter: null }, ...extra },
});

let root: string;
beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
});
afterAll(removeTempFolders);

/** A checkpoint's tensors as float32, by name. */
function tensorsOf(dir: string): Map<string, { shape: number[]; data: Float32Array }> {
  const reader = openCheckpoint(dir);
  const tensors = new Map(reader.names().map((name) => [name, { shape: [...reader.info(name).shape], data: reader.readAsFloat32(name).data }]));
  reader.close();
  return tensors;
}

/** The rows (or columns) of a 2-D tensor, ordered by their first value: equal for two tensors whose rows are the same up to order. */
function orderedRows(t: { shape: number[]; data: ArrayLike<number> }, columnsInstead = false): number[][] {
  const [rows, columns] = t.shape;
  const rowOf = (r: number) => Array.from({ length: columnsInstead ? rows : columns }, (_, c) => (columnsInstead ? t.data[c * columns + r] : t.data[r * columns + c]));
  return Array.from({ length: columnsInstead ? columns : rows }, (_, r) => rowOf(r)).sort((a, b) => a[0] - b[0]);
}

const largestDifference = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe('an experiment with fusion.methods [weight_matching, ot, vanilla]', () => {
  let dir: string;
  let out: string;
  let report: FuseRunReport;

  beforeAll(async () => {
    dir = path.join(root, 'three');
    const file = writeTinyRun(dir, fusion({ methods: ['weight_matching', 'ot', 'vanilla'], method_params: { weight_matching: { max_iterations: 20 } } }));
    out = path.join(dir, 'out');
    report = (await runFuseExperiment({ file, out, replace: false, progress: silentProgress([]) })).report;
  });

  it('scores, finetunes and writes each method in the order configured', () => {
    expect(report.results.map((r) => [r.name, r.kind, r.method, r.oneShot !== null, r.finetuned !== undefined])).toEqual([
      ['model 0', 'parent', undefined, true, false],
      ['model 1 (anchor)', 'parent', undefined, true, false],
      ['weight matching', 'fused', 'weight_matching', true, true],
      ['OT fusion', 'fused', 'ot', true, true],
      ['vanilla fusion', 'fused', 'vanilla', true, true],
    ]);
    expect(report.methods.map((m) => [m.id, m.folder, m.done])).toEqual([
      ['weight_matching', 'weight-matched', true],
      ['ot', 'otfused', true],
      ['vanilla', 'vanilla', true],
    ]);
    expect(report.outputs).toEqual(['weight-matched', 'otfused', 'vanilla', 'weight-matched-finetuned', 'otfused-finetuned', 'vanilla-finetuned']);
    for (const folder of report.outputs) expect(fs.existsSync(path.join(out, folder, 'model.safetensors'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toMatch(/\| weight matching \| \d+\.\d\d% \|/);
  });

  it('writes weight matching as the average of the anchor and model 0 with its hidden neurons permuted', () => {
    // 2·θ_wm − θ_anchor is model 0 permuted: the same hidden rows of layer 0 and columns of layer 1, in another order.
    const fused = tensorsOf(path.join(out, 'weight-matched'));
    const anchor = tensorsOf(path.join(dir, 'models/b'));
    const model0 = tensorsOf(path.join(dir, 'models/a'));
    const aligned = (name: string) => {
      const f = fused.get(name)!;
      const a = anchor.get(name)!.data;
      return { shape: f.shape, data: Array.from(f.data, (v, i) => 2 * v - a[i]) };
    };
    expect(Array.from(aligned('layers.0.weight').data)).not.toEqual(Array.from(model0.get('layers.0.weight')!.data));
    expect(largestDifference(orderedRows(aligned('layers.0.weight')), orderedRows(model0.get('layers.0.weight')!))).toBeLessThan(1e-6);
    expect(largestDifference(orderedRows(aligned('layers.1.weight'), true), orderedRows(model0.get('layers.1.weight')!, true))).toBeLessThan(1e-6);
  });

  it('draws the plane through the first two methods and the barrier through the first', () => {
    const landscape = report.figures!.landscape as Landscape;
    expect(landscape.corners).toEqual({ u: { method: 'weight_matching', label: 'weight matching' }, v: { method: 'ot', label: 'OT fusion' } });
    const at = (u: number, v: number) => landscape.values[landscape.v.indexOf(v)][landscape.u.indexOf(u)];
    // The barrier's aligned end is model 0 permuted, which computes what model 0 computes; its middle is the weight-matched model.
    const barrier = report.figures!.barrier as Barrier;
    expect(barrier.alignedBy).toEqual({ method: 'weight_matching', label: 'weight matching' });
    expect(barrier.aligned[10]).toBe(barrier.unaligned[10]);
    expect(barrier.aligned[5]).toBe(at(1, 0));
    expect(barrier.aligned[0]).toBe(at(0, 0));
  });
});

describe('fusion.methods in an experiment file', () => {
  const run = (name: string, extra: Record<string, unknown>) => {
    const file = writeTinyRun(path.join(root, name), fusion(extra));
    return runFuseExperiment({ file, out: path.join(root, name, 'out'), replace: false, progress: silentProgress([]) });
  };

  it('refuses an unknown method with a suggestion, naming the key', async () => {
    await expect(run('unknown', { methods: ['ot', 'weight_matchin'] })).rejects.toThrow(/fusion\.methods: no registered alignment method 'weight_matchin'; did you mean 'weight_matching'/);
  });

  it("checks each method's parameters against what it declares", async () => {
    await expect(run('bad-param', { methods: ['weight_matching'], method_params: { weight_matching: { max_iterations: 0 } } })).rejects.toThrow(
      "fusion.method_params.weight_matching.max_iterations: alignment method 'weight_matching': parameter 'max_iterations' must be integer ≥ 1, got 0",
    );
    await expect(run('not-listed', { methods: ['ot'], method_params: { weight_matching: { seed: 1 } } })).rejects.toThrow("fusion.method_params.weight_matching: 'weight_matching' is not in fusion.methods (ot)");
    await expect(run('twice', { methods: ['ot', 'ot'] })).rejects.toThrow("fusion.methods: 'ot' is listed twice");
  });
});
