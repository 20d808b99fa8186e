import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFashionMnistImages } from '@otfuse/data';
import { runCli } from '../cli';

// `otfuse export onnx` on the committed parents of the default experiment and of the GPT-2 one;
// what it writes is loaded by transformers.js in a child process, as users run it.
const root = path.resolve(__dirname, '../../../..');
let work: string;
beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-export-'))));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: (text) => (io.stdout += text), stderr: (text) => (io.stderr += text) });
  return { code, ...io };
}

/** The top label transformers.js's pipeline('image-classification') gives the first Fashion-MNIST test sneaker, run in Node as users run it. */
function transformersJsLabel(dir: string, dtype: 'fp32' | 'q8'): string {
  const images = readFashionMnistImages('test');
  const index = Array.from(images.labels).indexOf(7);
  const pixels = Array.from(images.pixels.subarray(index * 784, (index + 1) * 784));
  const script = `const { env, pipeline, RawImage } = require('@huggingface/transformers');
    env.allowRemoteModels = false;
    pipeline('image-classification', ${JSON.stringify(dir)}, { dtype: '${dtype}' })
      .then((classify) => classify(new RawImage(Uint8ClampedArray.from(${JSON.stringify(pixels)}), 28, 28, 1)))
      .then((top) => console.log(top[0].label));`;
  return execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 }).trim();
}

const copyOf = (folder: string) => {
  const dir = path.join(work, path.basename(folder));
  fs.cpSync(path.join(root, folder), dir, { recursive: true });
  return dir;
};

describe('otfuse export onnx', () => {
  it("adds onnx/ and preprocessor_config.json (from training.json's normalisation) to a ViT folder, touching none of its files", async () => {
    const dir = copyOf('experiments/fashion-vit/models/parent-a');
    const before = fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))] as const);
    const { code, stdout } = await cli('export', 'onnx', dir, '--quantize');
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote preprocessor_config.json, onnx/model.onnx, onnx/model_quantized.onnx in ${dir}\n`);
    for (const [name, bytes] of before) expect(fs.readFileSync(path.join(dir, name)).equals(bytes)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'preprocessor_config.json'), 'utf8'))).toMatchObject({ image_mean: [0.286], image_std: [0.353] });
    expect(transformersJsLabel(dir, 'fp32')).toBe('Sneaker');
    expect(transformersJsLabel(dir, 'q8')).toBe('Sneaker');

    const again = await cli('export', 'onnx', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`otfuse: ${path.join(dir, 'onnx')} already exists; pass --replace to replace it\n`);
    expect((await cli('export', 'onnx', dir, '--replace')).code).toBe(0);
  });

  it('writes a new complete folder with --out', async () => {
    const out = path.join(work, 'exported');
    const { code, stdout } = await cli('export', 'onnx', path.join(root, 'experiments/fashion-vit/models/parent-b'), '--out', out, '--image-mean', '0.286', '--image-std', '0.353');
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote config.json, model.safetensors, onnx/model.onnx, preprocessor_config.json in ${out}\n`);
    expect(fs.readdirSync(out).sort()).toEqual(['config.json', 'model.safetensors', 'onnx', 'preprocessor_config.json']);
  });

  it('refuses an architecture without an export with exit code 2, naming it', async () => {
    const { code, stderr } = await cli('export', 'onnx', path.join(root, 'experiments/sotu-gpt2/models/clm-a'), '--out', path.join(work, 'gpt2'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^otfuse: hf-gpt2 ONNX export: hf-gpt2 has no ONNX export for transformers.js: .*\n$/);
    expect(fs.existsSync(path.join(work, 'gpt2'))).toBe(false);
  });

  it('refuses --image-mean without --image-std', async () => {
    const { code, stderr } = await cli('export', 'onnx', path.join(root, 'experiments/fashion-vit/models/parent-a'), '--image-mean', '0.5');
    expect(code).toBe(2);
    expect(stderr).toBe('error: --image-mean and --image-std go together\n');
  });
});
