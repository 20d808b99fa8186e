import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readFashionMnistImages } from '@otfuse/data';
import { removeTempFolders, tempFolder } from './__tests__/temp-folder';
import { exportOnnxFolder } from './models/onnx/export-folder';

// The README's transformers.js snippet, run as written on a Fashion-MNIST test image, with the
// default experiment's parent a (exported as `output.onnx` would) standing in for the fused ViT.
const root = path.resolve(__dirname, '../../..');

function snippet(): { code: string; folder: string } {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split('\n## ').find((s) => s.startsWith('In transformers.js'));
  const code = section?.match(/```js\n([\s\S]*?)```/)?.[1];
  const folder = code?.match(/pipeline\('image-classification', '([^']+)'\)/)?.[1];
  if (code === undefined || folder === undefined) throw new Error("README.md has no ```js block calling pipeline('image-classification', '<folder>') under '## In transformers.js'");
  return { code, folder };
}

afterAll(removeTempFolders);

it("classifies a Fashion-MNIST image with the README's three lines", async () => {
  const work = tempFolder();
  const { code, folder } = snippet();
  await exportOnnxFolder({ dir: path.join(root, 'experiments/fashion-vit/models/parent-a'), out: path.join(work, folder), log: () => undefined });
  const images = readFashionMnistImages('test');
  const index = Array.from(images.labels).indexOf(7); // a sneaker
  const pixels = Array.from(images.pixels.subarray(index * 784, (index + 1) * 784));
  // The image as a grayscale PNG, as Fashion-MNIST's images are (sharp, which transformers.js reads images with).
  const png = `require('sharp')(Buffer.from(${JSON.stringify(pixels)}), { raw: { width: 28, height: 28, channels: 1 } }).toColourspace('b-w').png().toFile('sneaker.png');`;
  execFileSync(process.execPath, ['-e', png], { cwd: work, env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } });
  // The snippet is ESM: it imports the package from the repository's node_modules.
  const script = path.join(root, 'node_modules/.otfuse-readme-snippet.mjs');
  fs.writeFileSync(script, `process.chdir(${JSON.stringify(work)});\n${code.replace("console.log(await classify('sneaker.png'));", "console.log(JSON.stringify(await classify('sneaker.png')));")}`);
  try {
    const output = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 120_000 })) as { label: string; score: number }[];
    expect(output[0].label).toBe('Sneaker');
  } finally {
    fs.rmSync(script, { force: true });
  }
});
