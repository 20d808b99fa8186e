import type { PixelNormalization } from '@otfuse/data';
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

  const vit = new VitArchitecture();
  const vitModels = (pixels: PixelNormalization | undefined, sideFiles: Record<string, string> = {}) => ({ architecture: vit, config: vit.normalizeConfig({ model_type: 'vit' }), pixels, sideFiles });

  it('refuses an architecture without an export before the run does its work', () => {
    const mlp = new MlpArchitecture();
    expect(() => runWriter('train.yaml', { quantize: false }, { architecture: mlp, config: {}, pixels: undefined, sideFiles: {} })).toThrow('output.onnx: generic-mlp has no ONNX export for transformers.js (ViT and BERT have)');
    expect(runWriter('train.yaml', { quantize: true }, vitModels({ mean: [0.5], std: [0.5] }))?.id).toBe('hf-safetensors+onnx');
    expect(runWriter('train.yaml', undefined, vitModels(undefined))).toBeUndefined();
  });

  it('refuses an image model whose data set says nothing of pixels, unless the anchor carries its preprocessing', () => {
    expect(() => runWriter('fuse.yaml', { quantize: false }, vitModels(undefined))).toThrow(
      'output.onnx: hf-vit: preprocessor_config.json: the model has none and no data set says how its pixels were normalised (give the image mean and std); otfuse export onnx can add it to the written folders afterwards',
    );
    expect(runWriter('fuse.yaml', { quantize: false }, vitModels(undefined, { 'preprocessor_config.json': '{}' }))?.id).toBe('hf-safetensors+onnx');
  });
});
