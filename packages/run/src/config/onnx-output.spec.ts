import { MlpArchitecture } from '@otfuse/generic-mlp';
import { VitArchitecture } from '@otfuse/hf-vit';
import { removeTempFolders, tempFolder, writeFile } from '../__tests__/temp-folder';
import { toYaml } from '../__tests__/to-yaml';
import { runWriter } from '../models/onnx/run-writer';
import { loadTrainingRun } from './train-config';

const training = (output: Record<string, unknown>) =>
  writeFile(tempFolder(), 'train.yaml', toYaml({ model: { type: 'hf-vit', config: { model_type: 'vit' } }, data: { dataset: 'fashion-mnist' }, output }));

afterAll(removeTempFolders);

describe('output.onnx', () => {
  it('is off unless asked for, and quantizes only when asked', () => {
    expect(loadTrainingRun(training({ dir: 'out' })).onnx).toBeUndefined();
    expect(loadTrainingRun(training({ onnx: true })).onnx).toEqual({ quantize: false });
    expect(loadTrainingRun(training({ onnx: true, onnx_quantize: true })).onnx).toEqual({ quantize: true });
  });

  it('refuses onnx_quantize without onnx, naming the key', () => {
    expect(() => loadTrainingRun(training({ onnx_quantize: true }))).toThrow('output.onnx_quantize: needs output.onnx: true');
  });

  it('refuses an architecture without an export before the run does its work', () => {
    expect(() => runWriter('train.yaml', { quantize: false }, new MlpArchitecture(), undefined)).toThrow('output.onnx: generic-mlp has no ONNX export for transformers.js (ViT and BERT have)');
    expect(runWriter('train.yaml', { quantize: true }, new VitArchitecture(), { mean: [0.5], std: [0.5] })?.id).toBe('hf-safetensors+onnx');
    expect(runWriter('train.yaml', undefined, new VitArchitecture(), undefined)).toBeUndefined();
  });
});
