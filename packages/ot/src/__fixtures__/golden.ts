import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readSafetensors } from './safetensors';

/** Golden OT problems solved by the reference library (see testdata/golden/README.md). */
export const GOLDEN_OT_DIR = path.resolve(__dirname, '../../../../testdata/golden/ot');

export interface GoldenCase {
  name: string;
  shape: [number, number];
  emd_cost: number;
  sinkhorn_regs: number[];
}

export interface GoldenProblem extends GoldenCase {
  cost: Float32Array;
  mu: Float64Array;
  nu: Float64Array;
  emdPlan: Float64Array;
  sinkhornPlans: Map<number, Float64Array>;
}

export function goldenCases(): GoldenCase[] {
  const index = JSON.parse(readFileSync(path.join(GOLDEN_OT_DIR, 'cases.json'), 'utf8')) as { cases: GoldenCase[] };
  return index.cases;
}

export function loadGoldenProblem(goldenCase: GoldenCase): GoldenProblem {
  const tensors = readSafetensors(path.join(GOLDEN_OT_DIR, `${goldenCase.name}.safetensors`));
  const get = (name: string) => {
    const tensor = tensors.get(name);
    if (tensor === undefined) throw new Error(`${goldenCase.name}: golden tensor '${name}' missing`);
    return tensor.data;
  };
  const sinkhornPlans = new Map<number, Float64Array>();
  for (const reg of goldenCase.sinkhorn_regs) sinkhornPlans.set(reg, get(`sinkhorn_${reg}`) as Float64Array);
  return {
    ...goldenCase,
    cost: get('M') as Float32Array,
    mu: get('a') as Float64Array,
    nu: get('b') as Float64Array,
    emdPlan: get('emd') as Float64Array,
    sinkhornPlans,
  };
}
