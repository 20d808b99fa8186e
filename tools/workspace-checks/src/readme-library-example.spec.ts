import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuseFolders } from '@otfuse/cli';
import { InMemoryWeights, permuteModel } from '@otfuse/core';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { openSafetensors, readModelFolder, TensorData, writeModelFolder } from '@otfuse/io';
import { expectClose, seededFloats, useTestBackend } from '@otfuse/testing';

// The root README's library example is run exactly as printed, against tiny MLP folders at the
// paths it names, so the documented API cannot drift from the real one.
const root = path.resolve(__dirname, '../../..');
const architecture = new MlpArchitecture();

/** The TypeScript block of the README section `heading`. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`README.md has no section '## ${heading}'`);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error(`README.md section '## ${heading}' has no \`\`\`ts block`);
  return block[1];
}

interface Mlp {
  config: MlpConfig;
  weights: InMemoryWeights;
}

function mlp(hidden: number[], seed: number): Mlp {
  const config: MlpConfig = { inputSize: 784, hiddenSizes: hidden, numLabels: 10, activation: 'relu', bias: true };
  return { config, weights: new InMemoryWeights(architecture.init(config, seed)) };
}

/** The same function with its hidden neurons in another order. */
function permuted({ config, weights }: Mlp, seed: number): Mlp {
  return { config, weights: new InMemoryWeights(permuteModel(architecture.graph(config), weights, seededFloats(seed))) };
}

function writeMlp(dir: string, { config, weights }: Mlp): void {
  const tensors = weights.names().map((name): [string, TensorData] => [name, { dtype: 'F32', shape: [...weights.shape(name)], data: weights.host(name).data }]);
  writeModelFolder(dir, { config: architecture.configJson(config), tensors });
}

/** Runs the README's example in `dir`, where its models/mlp-a and models/mlp-b are. */
function runExample(dir: string): void {
  const code = codeBlock(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), 'As a library');
  expect(code).toMatch(/fuseFolders\(/);
  fs.writeFileSync(path.join(dir, 'example.ts'), code);
  const result = spawnSync(process.execPath, ['-r', require.resolve('@swc-node/register'), 'example.ts'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
    timeout: 60_000,
  });
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^generic-mlp fused into .*runs\/mlp-fused in \d+\.\d\d s$/m);
}

describe('README: otfuse as a library', () => {
  let work: string;
  beforeAll(async () => {
    await useTestBackend(); // permuting a model runs on tensors
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-readme-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('runs the example and writes a fused folder with the anchor’s shapes', () => {
    writeMlp(path.join(work, 'models/mlp-a'), mlp([32], 1));
    writeMlp(path.join(work, 'models/mlp-b'), mlp([16], 2)); // the anchor: the last model
    runExample(work);

    const fused = readModelFolder(path.join(work, 'runs/mlp-fused'));
    expect(fused.config).toEqual(readModelFolder(path.join(work, 'models/mlp-b')).config);
    fused.weights.close();
    const weights = openSafetensors(path.join(work, 'runs/mlp-fused/model.safetensors'));
    const anchor = openSafetensors(path.join(work, 'models/mlp-b/model.safetensors'));
    expect(weights.names().sort()).toEqual(anchor.names().sort());
    for (const name of anchor.names()) {
      expect(weights.info(name).shape).toEqual(anchor.info(name).shape);
      expect(weights.readAsFloat32(name).data.every(Number.isFinite)).toBe(true);
    }
    weights.close();
    anchor.close();
  });

  it('fuses the anchor with a neuron-permuted copy of itself back into the anchor (exact OT)', () => {
    const dir = path.join(work, 'permuted');
    const anchor = mlp([16], 2);
    const copy = permuted(anchor, 5);
    const layer = anchor.weights.names()[0];
    expect(copy.weights.host(layer).data).not.toEqual(anchor.weights.host(layer).data);
    writeMlp(path.join(dir, 'models/mlp-a'), copy);
    writeMlp(path.join(dir, 'models/mlp-b'), anchor);
    runExample(dir);

    const fused = openSafetensors(path.join(dir, 'runs/mlp-fused/model.safetensors'));
    expect(fused.names().sort()).toEqual(anchor.weights.names().sort());
    for (const name of anchor.weights.names()) expectClose(fused.readAsFloat32(name).data, anchor.weights.host(name).data, { atol: 1e-6, what: name });
    fused.close();
  });

  it('says that activation mode needs data, and what to do instead', async () => {
    writeMlp(path.join(work, 'models/c'), mlp([8], 3));
    writeMlp(path.join(work, 'models/d'), mlp([8], 4));
    const models = [path.join(work, 'models/c'), path.join(work, 'models/d')];
    await expect(fuseFolders({ models, out: path.join(work, 'runs/none'), log: () => {} })).rejects.toThrow(/data is required .*'wts'/);
    expect(fs.existsSync(path.join(work, 'runs/none'))).toBe(false);
    const { out, anchor } = await fuseFolders({ models, out: path.join(work, 'runs/wts'), options: { mode: 'wts', anchor: 0 }, log: () => {} });
    expect(anchor).toBe(0);
    expect(fs.existsSync(path.join(out, 'model.safetensors'))).toBe(true);
  });
});
