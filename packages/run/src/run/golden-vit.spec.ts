import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import type { RecordedMap } from '@otfuse/core';
import { VIT_CLS_TOKEN, normalizeVitConfig, vitForward } from '@otfuse/hf-vit';
import { openCheckpoint } from '@otfuse/io';
import { expectClose, readGoldenTensors } from '@otfuse/testing';
import { GOLDEN_DIR, removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { silentProgress } from '../progress';
import { runFuseExperiment } from './fuse-experiment';

// Every golden case of the paper's implementation, its experiment file run through `otfuse fuse`
// with only the model and data paths changed. The fused tensors must be the reference's within
// 1e-4 of each tensor's largest value, every transport plan the reference's, and the written
// model's logits the reference's within 1e-4. In EMD cases the CLS-token problem has tied optima:
// there our plan must be optimal (its cost equals the reference's), and the logits are checked
// with the reference's CLS token in place.

type Tensors = Map<string, { shape: number[]; data: Float32Array }>;

interface GoldenCase {
  set: string;
  name: string;
  config: { model: Record<string, unknown>; fusion: { ot_solver: string; type: string } } & Record<string, unknown>;
  model0Dir: string;
  anchorDir: string;
  inputs: string;
  fusedDir: string;
  logits: () => Float32Array;
  /** Every plan of the reference in call order (before the ×n0 rescale), with its cost, when stored. */
  plans?: () => Tensors;
  /** The OT cost of the reference's CLS-token plan, when the plans are not stored. */
  clsCost?: number;
  /** The reference's CLS-token answer is the only optimum (two POT versions agree bit for bit). */
  clsUnique?: boolean;
}

const tinyDir = path.join(GOLDEN_DIR, 'vit-tiny');
const tinyCases: GoldenCase[] = JSON.parse(fs.readFileSync(path.join(tinyDir, 'cases.json'), 'utf8')).cases.map(
  (c: { name: string; model_0: string; config: GoldenCase['config'] }) => ({
    set: 'vit-tiny',
    name: c.name,
    config: c.config,
    model0Dir: path.join(tinyDir, 'models', c.model_0),
    anchorDir: path.join(tinyDir, 'models', 'parent1'),
    inputs: path.join(tinyDir, 'inputs.safetensors'),
    fusedDir: path.join(tinyDir, 'models', `fused-${c.name}`),
    logits: () => readGoldenTensors('vit-tiny', 'logits.safetensors').get(`fused/${c.name}`)!.data,
    plans: () => readGoldenTensors('vit-tiny', 'tmaps', `${c.name}.safetensors`),
  }),
);

const bDir = path.join(GOLDEN_DIR, 'vit-tiny-b');
const clsAlternatives: Record<string, { ot_cost_pot082: number; cls_token_max_abs_diff: number }> = JSON.parse(fs.readFileSync(path.join(bDir, 'emd_cls_token_alternatives.json'), 'utf8'));
const bCases: GoldenCase[] = fs
  .readdirSync(bDir)
  .filter((name) => fs.existsSync(path.join(bDir, name, 'meta.json')))
  .map((name) => {
    const meta = JSON.parse(fs.readFileSync(path.join(bDir, name, 'meta.json'), 'utf8'));
    const storedPlans = fs.existsSync(path.join(bDir, name, 'ot_calls.safetensors'));
    return {
      set: 'vit-tiny-b',
      name,
      config: meta.config,
      model0Dir: path.join(bDir, 'parents', meta.model_0),
      anchorDir: path.join(bDir, 'parents', meta.model_1),
      inputs: path.join(bDir, 'inputs.safetensors'),
      fusedDir: path.join(bDir, name, 'fused'),
      logits: () => readGoldenTensors('vit-tiny-b', name, 'fused_logits.safetensors').get('logits')!.data,
      plans: storedPlans ? () => readGoldenTensors('vit-tiny-b', name, 'ot_calls.safetensors') : undefined,
      clsCost: clsAlternatives[name]?.ot_cost_pot082,
      clsUnique: clsAlternatives[name]?.cls_token_max_abs_diff === 0,
    };
  });

beforeAll(() => initBackend({ force: 'wasm', log: () => undefined }));
afterAll(removeTempFolders);

const planCost = (plan: ArrayLike<number>, cost: ArrayLike<number>) => {
  let total = 0;
  for (let i = 0; i < plan.length; i++) total += plan[i] * cost[i];
  return total;
};

describe.each([...tinyCases, ...bCases].map((c) => [`${c.set} ${c.name}`, c] as const))("the paper's experiment %s", (_label, golden) => {
  const exact = golden.config.fusion.ot_solver === 'emd';
  // Tied CLS-token optima: any optimal plan is right, so its cost is compared instead.
  const clsTied = exact && !golden.clsUnique;

  it("gives the reference's plans, fused tensors and logits", async () => {
    const dir = tempFolder();
    const config = {
      ...golden.config,
      model: { ...golden.config.model, name_0: golden.model0Dir, name_1: golden.anchorDir, dataset: golden.inputs },
      // The golden labels are random and need not use all ten classes.
      data: { params: { num_classes: 10 } },
      // Only the fused model is scored here; the logits are compared below.
      regression: { only_eval_ot: true },
    };
    const maps: RecordedMap[] = [];
    const out = path.join(dir, 'out');
    await runFuseExperiment({
      file: writeFile(dir, `${golden.name}.yaml`, toYaml(config)),
      out,
      replace: false,
      progress: silentProgress([]),
      onMap: (recorded) => maps.push(recorded),
    });

    // Plans, in the reference's call order (it solves an eq_t_map problem once per projection).
    const plans = golden.plans?.();
    maps.forEach((recorded, index) => {
      const ours = Float64Array.from(recorded.map.data, (v) => v / recorded.map.n0);
      const key = String(index).padStart(3, '0');
      const isCls = recorded.label === VIT_CLS_TOKEN;
      if (isCls && clsTied) {
        const referenceCost = plans ? planCost(plans.get(`${key}.T`)!.data, plans.get(`${key}.M`)!.data) : golden.clsCost;
        const cost = plans ? plans.get(`${key}.M`)!.data : recorded.cost;
        if (referenceCost === undefined) throw new Error(`no reference cost for the CLS-token plan of ${golden.name}`);
        expect(planCost(ours, cost)).toBeCloseTo(referenceCost, 5);
        return;
      }
      if (plans) expectClose(ours, plans.get(`${key}.T`)!.data, { atol: exact ? 1e-9 : 1e-6, what: `plan ${key} (${recorded.label})` });
    });
    if (plans) expect(maps.length).toBe([...plans.keys()].filter((k) => k.endsWith('.T')).length);

    // Fused tensors.
    const fused = openCheckpoint(path.join(out, 'otfused'));
    const expected = openCheckpoint(golden.fusedDir);
    // The layout HuggingFace wrote and read for the reference: names, dtypes, shapes, metadata.
    expect(fused.names().sort()).toEqual(expected.names().sort());
    expect(fused.metadata?.format).toBe(expected.metadata?.format);
    for (const name of expected.names()) {
      expect([name, fused.info(name).dtype, fused.info(name).shape]).toEqual([name, expected.info(name).dtype, expected.info(name).shape]);
    }
    expect(JSON.parse(fs.readFileSync(path.join(out, 'otfused', 'config.json'), 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(golden.anchorDir, 'config.json'), 'utf8')),
    );
    const weights: Record<string, tf.Tensor> = {};
    for (const name of expected.names()) {
      const reference = expected.readAsFloat32(name);
      const ours = fused.readAsFloat32(name);
      const useReference = name === VIT_CLS_TOKEN && clsTied;
      if (!useReference) expectClose(ours.data, reference.data, { rtol: 1e-4, what: `${golden.name}: ${name}` });
      const source = useReference ? reference : ours;
      weights[name] = tf.tensor(source.data, [...source.shape]);
    }
    if (golden.name === 'perm-acts-emd') {
      // Fusing the anchor with a permuted copy of itself gives the anchor back, bit for bit.
      const anchor = openCheckpoint(golden.anchorDir);
      for (const name of anchor.names()) expect(Array.from(fused.readAsFloat32(name).data)).toEqual(Array.from(anchor.readAsFloat32(name).data));
      anchor.close();
    }
    fused.close();
    expected.close();

    // Logits of the written model on the golden inputs.
    const config1 = normalizeVitConfig(JSON.parse(fs.readFileSync(path.join(out, 'otfused', 'config.json'), 'utf8')));
    const pixels = readGoldenTensors(golden.set, 'inputs.safetensors').get('pixel_values')!;
    const x = tf.tensor(pixels.data, pixels.shape);
    const { logits } = vitForward(config1, weights, x);
    expectClose(logits.dataSync(), golden.logits(), { atol: 1e-4, what: `${golden.name}: logits` });
    tf.dispose([x, logits, ...Object.values(weights)]);
  });
});
