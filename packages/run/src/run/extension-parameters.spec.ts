import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { openCheckpoint } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { writeTinyMlp } from '../__tests__/tiny-mlps';
import { containerWithToy, toySolverCalls as seen } from '../__tests__/toy-solver';
import { silentProgress } from '../progress';
import { runFuseExperiment } from './fuse-experiment';

// A new OT solver is one definition and one register line (see the toy solver); its parameters
// then come from the experiment file, validated and passed to every solve (the CLI's list spec
// checks they are listed). Capture parameters likewise.
let root: string;
const experiment = (solver: string, solverParams?: Record<string, unknown>, acts: Record<string, unknown> = { seq_filter: null }) =>
  writeFile(
    root,
    `${solver}-${JSON.stringify([solverParams ?? {}, acts]).replace(/\W/g, '')}.yaml`,
    toYaml({
      model: { name_0: 'models/a', name_1: 'models/b', dataset: 'mnist', type: 'generic-mlp' },
      fusion: { type: 'wts', ot_solver: solver, ...(solverParams ? { solver_params: solverParams } : {}), acts },
      data: { test_samples: 50 },
      regression: { only_eval_ot: true },
    }),
  );
/** Every tensor of the OT-fused folder a run wrote, as plain arrays. */
function fusedTensors(out: string): Map<string, number[]> {
  const reader = openCheckpoint(path.join(out, 'otfused'));
  try {
    return new Map(reader.names().map((name) => [name, Array.from(reader.readAsFloat32(name).data)]));
  } finally {
    reader.close();
  }
}
const fuse = (file: string, name: string) => runFuseExperiment({ file, out: path.join(root, 'runs', name), replace: false, progress: silentProgress([]), container: containerWithToy() });

beforeAll(async () => {
  await initBackend({ force: 'wasm', log: () => undefined });
  root = tempFolder();
  await writeTinyMlp(root, 'models/a', [16], 1);
  await writeTinyMlp(root, 'models/b', [16], 2);
});

afterAll(removeTempFolders);

describe('a solver registered by a user', () => {
  it('runs from an experiment file with the parameters the file gives', async () => {
    seen.length = 0;
    const blended = await fuse(experiment('toy-blend', { mix: 0.25, algorithm: 'network-simplex' }), 'blend');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.mix === 0.25 && p.algorithm === 'network-simplex')).toBe(true);
    seen.length = 0;
    const exactToy = await fuse(experiment('toy-blend'), 'toy-default');
    // The solver must have been called at all, or `every` holds of nothing.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.mix === 0 && p.algorithm === 'assignment')).toBe(true);
    const emd = await fuse(experiment('emd'), 'emd');
    // mix 0 is exact OT: the same fused weights as emd; mix 0.25 moves them.
    const toyTensors = fusedTensors(exactToy.outputDir);
    const emdTensors = fusedTensors(emd.outputDir);
    const blendTensors = fusedTensors(blended.outputDir);
    expect(toyTensors).toEqual(emdTensors);
    expect(blendTensors.get('layers.0.weight')).not.toEqual(emdTensors.get('layers.0.weight'));
    expect(blended.report.fusion.options.solverParams).toEqual({ mix: 0.25, algorithm: 'network-simplex' });
  });

  it('refuses a value out of bounds or an unknown parameter, naming the key', async () => {
    await expect(fuse(experiment('toy-blend', { mix: 2 }), 'bad')).rejects.toThrow(
      "fusion.solver_params.mix: OT solver 'toy-blend': parameter 'mix' must be number ≥ 0, ≤ 1, got 2",
    );
    await expect(fuse(experiment('toy-blend', { mixx: 0.1 }), 'typo')).rejects.toThrow(
      "fusion.solver_params.mixx: OT solver 'toy-blend': unknown parameter 'mixx'; its parameters: mix, algorithm",
    );
    await expect(fuse(experiment('sinkhorn', { max_iter: -3 }), 'sinkhorn')).rejects.toThrow(
      "fusion.solver_params.max_iter: OT solver 'sinkhorn': parameter 'max_iter' must be integer ≥ 0, got -3",
    );
  });
});

describe("an architecture's capture parameters", () => {
  it('are validated against what the architecture declares, naming the key and the architecture', async () => {
    await expect(fuse(experiment('emd', undefined, { seq_filter: 'window_6' }), 'mlp-window')).rejects.toThrow(
      "fusion.acts.seq_filter: architecture 'generic-mlp': parameter 'seq_filter' must be 'none', got 'window_6'",
    );
    await expect(fuse(experiment('emd', undefined, { capture: { seed: 1 } }), 'mlp-seed')).rejects.toThrow(
      "fusion.acts.capture.seed: architecture 'generic-mlp': unknown parameter 'seed'; its parameters: pre_relu, seq_filter",
    );
  });
});
