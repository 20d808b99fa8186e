import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeModelFolder, readModelFolder } from '@otfuse/io';
import { goldenPath } from '@otfuse/testing';
import { loadGoldenResnet } from './__tests__/golden-resnet';
import { checkpointEntries } from './checkpoint';
import { resnetConfigJson } from './resnet/config';

describe('writing ResNet checkpoints as HuggingFace does', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-convnet-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes resnet-tiny/basic byte for byte as transformers wrote it, batch counters I64 of shape []', () => {
    const model = loadGoldenResnet('basic');
    const weights = new Map(model.weights.names().map((n) => [n, model.weights.host(n)]));
    const out = path.join(dir, 'basic');
    writeModelFolder(out, { config: resnetConfigJson(model.config), tensors: checkpointEntries(weights) });
    expect(fs.readFileSync(path.join(out, 'model.safetensors'))).toEqual(fs.readFileSync(goldenPath('resnet-tiny', 'basic', 'model.safetensors')));
    const { transformers_version: _version, ...golden } = model.configJson;
    expect(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8'))).toEqual(golden);
  });

  it('rounds an averaged counter to a whole number of batches', () => {
    const out = path.join(dir, 'counter');
    const weights = new Map([
      ['bn.weight', { shape: [2], data: Float32Array.of(1, 2) }],
      ['bn.num_batches_tracked', { shape: [], data: Float32Array.of(150.5) }],
    ]);
    writeModelFolder(out, { config: {}, tensors: checkpointEntries(weights) });
    const folder = readModelFolder(out);
    try {
      expect(folder.weights.info('bn.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [] });
      expect(Array.from(folder.weights.read('bn.num_batches_tracked').data as BigInt64Array)).toEqual([BigInt(151)]);
      expect(folder.weights.info('bn.weight')).toMatchObject({ dtype: 'F32', shape: [2] });
    } finally {
      folder.weights.close();
    }
  });
});
