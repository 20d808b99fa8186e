import fs from 'node:fs';
import path from 'node:path';
import { f32 } from './__fixtures__/tensors';
import { GOLDEN_DIR, useTempDirs } from './__fixtures__/temp-dir';
import { readModelFolder, writeModelFolder } from './model-folder';
import { openSafetensors } from './safetensors-file';
import { writeSafetensors } from './write';

const tempDir = useTempDirs();

const CONFIG = { model_type: 'vit', hidden_size: 8, architectures: ['ViTForImageClassification'] };

function write(dir: string, value: number, options: Parameters<typeof writeModelFolder>[2] = {}): void {
  writeModelFolder(dir, { config: { ...CONFIG, value }, tensors: { w: f32(value, value) } }, options);
}

function weightOf(dir: string): number {
  const model = readModelFolder(dir);
  const value = model.weights.read('w').data[0] as number;
  model.weights.close();
  return value;
}

describe('writeModelFolder', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes config.json and model.safetensors as HuggingFace does, readable back', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'nested', 'fused');
    writeModelFolder(dir, { config: CONFIG, tensors: { b: f32(1), a: f32(2, 3) } });
    expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'model.safetensors']);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(`${JSON.stringify(CONFIG, null, 2)}\n`);
    const file = openSafetensors(path.join(dir, 'model.safetensors'));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.names()).toEqual(['a', 'b']);
    file.close();

    const model = readModelFolder(dir);
    expect(model.dir).toBe(dir);
    expect(model.config).toEqual(CONFIG);
    expect(model.weights.read('a').data).toEqual(Float32Array.of(2, 3));
    model.weights.close();
    expect(fs.readdirSync(path.join(parent, 'nested'))).toEqual(['fused']);
  });

  it('stores floats as F16 on request and adds metadata after format', () => {
    const dir = path.join(tempDir(), 'half');
    writeModelFolder(dir, { config: CONFIG, tensors: { w: f32(0.1) }, metadata: { source: 'otfuse' } }, { dtype: 'F16' });
    const file = openSafetensors(path.join(dir, 'model.safetensors'));
    expect(Object.entries(file.metadata ?? {})).toEqual([
      ['format', 'pt'],
      ['source', 'otfuse'],
    ]);
    expect(file.info('w').dtype).toBe('F16');
    file.close();
  });

  it('refuses an existing output folder unless replace is set, then swaps it', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'out');
    write(dir, 1);
    expect(() => write(dir, 2)).toThrow(
      expect.objectContaining({ code: 'MF_OUTPUT_EXISTS', message: `${dir} already exists; pass { replace: true } to replace it` }),
    );
    expect(weightOf(dir)).toBe(1);
    write(dir, 3, { replace: true });
    expect(weightOf(dir)).toBe(3);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  it('refuses a file where the folder should go', () => {
    const dir = path.join(tempDir(), 'taken');
    fs.writeFileSync(dir, 'x');
    expect(() => write(dir, 1, { replace: true })).toThrow(expect.objectContaining({ code: 'MF_OUTPUT_NOT_FOLDER' }));
  });

  it('refuses to write over an input, also through a symlink or a file inside it', () => {
    const parent = tempDir();
    const input = path.join(parent, 'parent0');
    write(input, 1);
    const link = path.join(parent, 'link');
    fs.symlinkSync(input, link);
    for (const [output, inputs] of [
      [input, [input]],
      [link, [input]],
      [input, [path.join(link, 'model.safetensors')]],
    ] as const) {
      expect(() => write(output, 2, { replace: true, inputs })).toThrow(
        expect.objectContaining({ code: 'MF_OUTPUT_IS_INPUT', message: expect.stringContaining(`refusing to write ${output}`) }),
      );
    }
    expect(weightOf(input)).toBe(1);
    write(path.join(parent, 'fused'), 2, { inputs: [input] });
    expect(weightOf(path.join(parent, 'fused'))).toBe(2);
  });

  it('leaves nothing behind when a tensor is invalid, and keeps the folder it was to replace', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'out');
    const bad = { w: { dtype: 'F32', shape: [3], data: new Float32Array(2) } } as const;
    expect(() => writeModelFolder(dir, { config: CONFIG, tensors: bad })).toThrow(expect.objectContaining({ code: 'ST_BAD_TENSOR' }));
    expect(fs.readdirSync(parent)).toEqual([]);
    write(dir, 1);
    expect(() => writeModelFolder(dir, { config: CONFIG, tensors: bad }, { replace: true })).toThrow(
      expect.objectContaining({ code: 'ST_BAD_TENSOR' }),
    );
    expect(fs.readdirSync(parent)).toEqual(['out']);
    expect(weightOf(dir)).toBe(1);
  });

  it('leaves nothing behind when the disk fails midway', () => {
    const parent = tempDir();
    const realWrite = fs.writeSync;
    let calls = 0;
    jest.spyOn(fs, 'writeSync').mockImplementation(((...args: Parameters<typeof fs.writeSync>) => {
      calls += 1;
      // Call 1 writes config.json, call 2 the safetensors header, call 3 the first tensor.
      if (calls === 3) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      return (realWrite as (...a: unknown[]) => number)(...args);
    }) as typeof fs.writeSync);
    expect(() => write(path.join(parent, 'out'), 1)).toThrow('EIO');
    expect(calls).toBe(3);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe('readModelFolder', () => {
  it('reads a golden HuggingFace folder', () => {
    const model = readModelFolder(path.join(GOLDEN_DIR, 'bert-tiny/seqcls'));
    expect(model.config.model_type).toBe('bert');
    expect(model.weights.names()).toHaveLength(41);
    expect(model.weights.info('bert.embeddings.word_embeddings.weight').shape).toEqual([200, 48]);
    model.weights.close();
  });

  it('names the missing config.json, bad JSON with its position, and missing weights', () => {
    const dir = tempDir();
    expect(() => readModelFolder(dir)).toThrow(
      expect.objectContaining({ code: 'MF_CONFIG_MISSING', message: `config.json not found in ${dir}` }),
    );
    fs.writeFileSync(path.join(dir, 'config.json'), '{\n  "hidden_size": 48\n  "layers": 2\n}\n');
    expect(() => readModelFolder(dir)).toThrow(
      expect.objectContaining({
        code: 'MF_BAD_JSON',
        message: `${path.join(dir, 'config.json')} is not valid JSON: expected ',' or '}', found '"' at line 3, column 3 (offset 24)`,
      }),
    );
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    expect(() => readModelFolder(dir)).toThrow(
      expect.objectContaining({ code: 'MF_NO_WEIGHTS', message: expect.stringContaining(`found in ${dir}`) }),
    );
    writeSafetensors(path.join(dir, 'model.safetensors'), { w: f32(1) });
    expect(readModelFolder(dir).weights.names()).toEqual(['w']);
    expect(() => readModelFolder(path.join(dir, 'nope'))).toThrow(expect.objectContaining({ code: 'MF_NOT_A_FOLDER' }));
  });
});
