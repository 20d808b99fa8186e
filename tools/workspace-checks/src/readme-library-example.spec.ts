import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuseFolders } from '@otfuse/cli';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { openSafetensors, readModelFolder, TensorData, writeModelFolder } from '@otfuse/io';

// The root README's library example is run exactly as printed, against two tiny MLP folders of
// different widths at the paths it names, so the documented API cannot drift from the real one.
const root = path.resolve(__dirname, '../../..');

/** The TypeScript block of the README section `heading`. */
function codeBlock(markdown: string, heading: string): string {
  const section = markdown.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`README.md has no section '## ${heading}'`);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error(`README.md section '## ${heading}' has no \`\`\`ts block`);
  return block[1];
}

function writeMlp(dir: string, hidden: number[], seed: number): MlpConfig {
  const architecture = new MlpArchitecture();
  const config: MlpConfig = { inputSize: 784, hiddenSizes: hidden, numLabels: 10, activation: 'relu', bias: true };
  const tensors = Object.entries(architecture.init(config, seed)).map(
    ([name, t]): [string, TensorData] => [name, { dtype: 'F32', shape: [...t.shape], data: t.data }],
  );
  writeModelFolder(dir, { config: architecture.configJson(config), tensors });
  return config;
}

describe('README: otfuse as a library', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-readme-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('runs the example and writes a fused folder with the anchor’s shapes', () => {
    const code = codeBlock(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), 'As a library');
    expect(code).toMatch(/fuseFolders\(/);
    writeMlp(path.join(work, 'models/mlp-a'), [32], 1);
    writeMlp(path.join(work, 'models/mlp-b'), [16], 2); // the anchor: the last model
    fs.writeFileSync(path.join(work, 'example.ts'), code);

    const result = spawnSync(process.execPath, ['-r', require.resolve('@swc-node/register'), 'example.ts'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json') },
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^generic-mlp fused into .*runs\/mlp-fused in \d+\.\d\d s$/m);

    const fused = readModelFolder(path.join(work, 'runs/mlp-fused'));
    expect(fused.config).toEqual(readModelFolder(path.join(work, 'models/mlp-b')).config);
    fused.weights.close();
    const weights = openSafetensors(path.join(work, 'runs/mlp-fused/model.safetensors'));
    const anchor = openSafetensors(path.join(work, 'models/mlp-b/model.safetensors'));
    expect(weights.names().sort()).toEqual(anchor.names().sort());
    for (const name of anchor.names()) expect(weights.info(name).shape).toEqual(anchor.info(name).shape);
    const first = weights.readAsFloat32(anchor.names()[0]).data;
    expect(first.every(Number.isFinite)).toBe(true);
    weights.close();
    anchor.close();
  });

  it('says that activation mode needs data, and what to do instead', async () => {
    writeMlp(path.join(work, 'models/c'), [8], 3);
    writeMlp(path.join(work, 'models/d'), [8], 4);
    const models = [path.join(work, 'models/c'), path.join(work, 'models/d')];
    await expect(fuseFolders({ models, out: path.join(work, 'runs/none'), log: () => {} })).rejects.toThrow(/data is required .*'wts'/);
    expect(fs.existsSync(path.join(work, 'runs/none'))).toBe(false);
    const { out, anchor } = await fuseFolders({ models, out: path.join(work, 'runs/wts'), options: { mode: 'wts', anchor: 0 }, log: () => {} });
    expect(anchor).toBe(0);
    expect(fs.existsSync(path.join(out, 'model.safetensors'))).toBe(true);
  });
});
