import fs from 'node:fs';
import path from 'node:path';
import { ResnetArchitecture } from '@otfuse/convnet';
import { openSafetensors } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import type { ModelToWrite, ModelWriter } from './model-writer';
import { writeModel } from './write-model';

// Every folder otfuse writes goes through writeModel: a fused model like its anchor (the
// anchor's config.json, tensor names and integer dtypes), a trained one, one from fuseFolders.
const resnet = new ResnetArchitecture();
const config = resnet.normalizeConfig({ model_type: 'resnet', num_channels: 1, embedding_size: 4, hidden_sizes: [4], depths: [1], layer_type: 'basic', num_labels: 3 });
const configJson = resnet.configJson(config);
const weights = new Map(Object.entries(resnet.init(config, 1)));
const counter = 'resnet.embedder.embedder.normalization.num_batches_tracked';
const model = (edit: Partial<ModelToWrite> = {}): ModelToWrite => ({ architecture: resnet, config, configJson, weights, sideFiles: { 'notes.txt': 'side\n' }, ...edit });

afterAll(removeTempFolders);

describe('writeModel', () => {
  it('writes config.json, model.safetensors with the integer tensors kept, and the side files', () => {
    const dir = path.join(tempFolder(), 'model');
    const names = [...weights.keys()].sort();
    writeModel(dir, model({ names, storedIntegers: new Map([[counter, 'I32']]) }));
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors', 'notes.txt']);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(`${JSON.stringify(configJson, null, 2)}\n`);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('side\n');
    const written = openSafetensors(path.join(dir, 'model.safetensors'));
    expect(written.names().sort()).toEqual(names);
    // The checkpoint's dtype wins over the architecture's I64; its other counters stay I64; the rest is float32.
    const dtypes = new Map(names.map((name) => [name, written.info(name).dtype]));
    expect(dtypes.get(counter)).toBe('I32');
    for (const [name, dtype] of dtypes) if (name !== counter) expect(dtype).toBe(name.endsWith('.num_batches_tracked') ? 'I64' : 'F32');
    written.close();
  });

  it.each(['F16', 'BF16'] as const)("keeps a source's %s floats (and its integer tensors as integers), as the parents of a hub checkpoint store them", (dtype) => {
    const dir = path.join(tempFolder(), 'model');
    writeModel(dir, model({ storedFloatDtype: dtype }));
    const written = openSafetensors(path.join(dir, 'model.safetensors'));
    for (const name of written.names()) expect([name, written.info(name).dtype]).toEqual([name, name.endsWith('.num_batches_tracked') ? 'I64' : dtype]);
    written.close();
  });

  it("refuses an existing folder unless told to replace it, and a folder holding an input, with the writer's messages", () => {
    const root = tempFolder();
    const dir = path.join(root, 'model');
    writeModel(dir, model());
    expect(() => writeModel(dir, model())).toThrow(`${dir} already exists; pass { replace: true } to replace it`);
    writeModel(dir, model({ sideFiles: {} }), { replace: true });
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']);
    expect(() => writeModel(root, model(), { replace: true, inputs: [dir] })).toThrow(`refusing to write ${root}: it contains the input ${dir}`);
  });

  it('hands the model to another writer, with where to write it', () => {
    const calls: [string, ModelToWrite, object][] = [];
    const writer: ModelWriter = { id: 'recorder', description: 'records what it is given', write: (dir, given, options) => calls.push([dir, given, options]) };
    const given = model();
    writeModel('out/x', given, { replace: true, inputs: ['in'], writer });
    expect(calls).toEqual([['out/x', given, { replace: true, inputs: ['in'] }]]);
    expect(fs.existsSync('out/x')).toBe(false);
  });
});
