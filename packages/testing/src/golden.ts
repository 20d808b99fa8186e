import * as fs from 'node:fs';
import * as path from 'node:path';
import { InMemoryWeights } from '@otfuse/core';
import { openSafetensors, readModelFolder } from '@otfuse/io';

/** The golden vectors, kept in the repository (testdata/golden/README.md says where each came from). */
export const GOLDEN_ROOT = path.resolve(__dirname, '../../../testdata/golden');

/** A path inside the golden folder; a clear error when the folder is not there. */
export function goldenPath(...parts: string[]): string {
  const file = path.join(GOLDEN_ROOT, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`golden file ${file} not found: the golden vectors the tests read are kept in testdata/golden`);
  }
  return file;
}

/** Every tensor of a golden safetensors file, as float32 (integers converted). */
export function readGoldenTensors(...parts: string[]): Map<string, { shape: number[]; data: Float32Array }> {
  return readTensorFile(goldenPath(...parts));
}

/** Every tensor of a safetensors file (a fixture beside its spec), as float32 (integers converted). */
export function readTensorFile(path: string): Map<string, { shape: number[]; data: Float32Array }> {
  const file = openSafetensors(path);
  try {
    return new Map(
      file.names().map((name) => {
        const tensor = file.readAsFloat32(name);
        return [name, { shape: [...tensor.shape], data: tensor.data }];
      }),
    );
  } finally {
    file.close();
  }
}

export function readGoldenJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(goldenPath(...parts), 'utf8')) as T;
}

/** A HuggingFace model folder (`config.json` + weights) in host memory, every tensor as float32. */
export function readHostFolder(dir: string): { configJson: Record<string, unknown>; weights: InMemoryWeights } {
  const folder = readModelFolder(dir);
  try {
    const tensors = Object.fromEntries(
      folder.weights.names().map((name) => {
        const t = folder.weights.readAsFloat32(name);
        return [name, { shape: [...t.shape], data: t.data }];
      }),
    );
    return { configJson: folder.config, weights: new InMemoryWeights(tensors) };
  } finally {
    folder.weights.close();
  }
}
