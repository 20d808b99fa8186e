import fs from 'node:fs';
import path from 'node:path';
import { GOLDEN_DIR, findFiles } from './__fixtures__/temp-dir';
import { DTYPES, type Dtype } from './dtypes';
import { encodeSafetensors } from './encode';
import { int64ToNumbers } from './int64';
import { readModelFolder } from './model-folder';
import { openSafetensors } from './safetensors-file';

const goldenFiles = findFiles(GOLDEN_DIR, '.safetensors');
const relative = (file: string) => path.relative(GOLDEN_DIR, file);

/** Folders whose files HuggingFace's Python `safetensors` wrote; the others came from hand-rolled writers. */
const REFERENCE_WRITER = /^(bert-tiny|vit-tiny-b|decoder-tiny)\//;
/** Written in insertion order with `__metadata__` first. */
const INSERTION_ORDER_WRITER = /^vit-tiny\//;

function headerOf(bytes: Buffer): Record<string, unknown> {
  const length = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8'));
}

function dataSectionOf(bytes: Buffer): Buffer {
  return bytes.subarray(8 + Number(bytes.readBigUInt64LE(0)));
}

describe('golden safetensors files', () => {
  it('finds the golden files, most of them checked byte for byte', () => {
    const perFolder: Record<string, number> = {};
    for (const file of goldenFiles) perFolder[relative(file).split(path.sep)[0]] = (perFolder[relative(file).split(path.sep)[0]] ?? 0) + 1;
    expect(perFolder).toEqual({ 'bert-tiny': 5, 'bert-tiny-perm': 2, 'decoder-tiny': 11, ot: 7, 'resnet-tiny': 7, 'vit-tiny': 31, 'vit-tiny-b': 33 });
    expect(goldenFiles.filter((file) => REFERENCE_WRITER.test(relative(file)))).toHaveLength(49);
    expect(goldenFiles.filter((file) => INSERTION_ORDER_WRITER.test(relative(file)))).toHaveLength(31);
  });

  it.each(goldenFiles.map((file) => [relative(file), file]))('%s reads and re-encodes to the same tensors', (_name, file) => {
    const original = fs.readFileSync(file);
    const reader = openSafetensors(file);
    try {
      const names = reader.names();
      const tensors = names.map((name) => {
        const tensor = reader.read(name);
        expect(tensor.data.length * DTYPES[tensor.dtype].size).toBe(reader.info(name).byteLength);
        return [name, tensor] as const;
      });
      const given = encodeSafetensors(tensors, { metadata: reader.metadata, order: 'given' });
      expect(Buffer.compare(dataSectionOf(given), dataSectionOf(original))).toBe(0);
      expect(headerOf(given)).toEqual(headerOf(original));

      const rel = relative(file);
      if (REFERENCE_WRITER.test(rel)) {
        // Default order reproduces the reference writer's file byte for byte.
        expect(Buffer.compare(encodeSafetensors(tensors, { metadata: reader.metadata }), original)).toBe(0);
      }
      if (INSERTION_ORDER_WRITER.test(rel)) expect(Buffer.compare(given, original)).toBe(0);
    } finally {
      reader.close();
    }
  });

  it('reads the known shapes and metadata of vit-tiny parent0', () => {
    const model = readModelFolder(path.join(GOLDEN_DIR, 'vit-tiny/models/parent0'));
    try {
      expect(model.config.hidden_size).toBe(48);
      expect(model.weights.metadata).toEqual({ format: 'pt', model: 'parent0', seed: '1000' });
      expect(model.weights.names()).toHaveLength(120);
      const shapes: Record<string, number[]> = {
        'vit.embeddings.cls_token': [1, 1, 48],
        'vit.embeddings.position_embeddings': [1, 65, 48],
        'vit.embeddings.patch_embeddings.projection.weight': [48, 3, 4, 4],
        'vit.encoder.layer.0.intermediate.dense.weight': [96, 48],
        'vit.encoder.layer.6.output.dense.weight': [48, 96],
        'classifier.weight': [10, 48],
        'classifier.bias': [10],
      };
      for (const [name, shape] of Object.entries(shapes)) {
        expect(model.weights.info(name).shape).toEqual(shape);
        expect(model.weights.read(name).data).toBeInstanceOf(Float32Array);
      }
      const weight = model.weights.read('vit.encoder.layer.0.intermediate.dense.weight').data as Float32Array;
      expect(weight).toHaveLength(96 * 48);
      expect(weight.every(Number.isFinite)).toBe(true);
    } finally {
      model.weights.close();
    }
  });

  it('matches every dtype and shape listed in bert-tiny/info.json', () => {
    const info = JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'bert-tiny/info.json'), 'utf8')) as {
      files: Record<string, Record<string, [string, number[]]>>;
    };
    const dtypeOf: Record<string, Dtype> = { float32: 'F32', float64: 'F64', int64: 'I64' };
    let checked = 0;
    for (const [file, tensors] of Object.entries(info.files)) {
      const reader = openSafetensors(path.join(GOLDEN_DIR, 'bert-tiny', file));
      try {
        expect(reader.names().sort()).toEqual(Object.keys(tensors).sort());
        for (const [name, [dtype, shape]] of Object.entries(tensors)) {
          expect({ name, dtype: reader.info(name).dtype, shape: reader.info(name).shape }).toEqual({
            name,
            dtype: dtypeOf[dtype],
            shape,
          });
          checked++;
        }
      } finally {
        reader.close();
      }
    }
    expect(checked).toBe(4 + 58 + 9 + 41 + 7);
  });

  it('reads I64 token ids and F64 marginals with their values', () => {
    const inputs = openSafetensors(path.join(GOLDEN_DIR, 'bert-tiny/inputs.safetensors'));
    const mask = inputs.read('attention_mask');
    expect(mask.data).toBeInstanceOf(BigInt64Array);
    const lengths = [0, 1, 2, 3, 4, 5].map((row) =>
      int64ToNumbers((mask.data as BigInt64Array).subarray(row * 24, row * 24 + 24)).reduce((a, b) => a + b, 0),
    );
    expect(lengths).toEqual([24, 17, 3, 11, 20, 8]);
    inputs.close();

    const ot = openSafetensors(path.join(GOLDEN_DIR, 'ot/square-8.safetensors'));
    const a = ot.read('a');
    expect(a.data).toBeInstanceOf(Float64Array);
    expect([...(a.data as Float64Array)].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(ot.metadata).toEqual({ regs: '0.08,0.5' });
    ot.close();
  });
});
