import path from 'node:path';
import { HostTensor } from '@otfuse/core';
import { MlpArchitecture, MlpConfig } from '@otfuse/generic-mlp';
import { VitArchitecture } from '@otfuse/hf-vit';
import { float16ToFloat32, float32ToFloat16, openCheckpoint, writeModelFolder } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { createContainer } from '../container';
import { tensorEntries } from './tensor-entries';
import { loadParents } from './load-parents';

const architecture = new MlpArchitecture();
const mlp = (hidden: number[]): MlpConfig => ({ inputSize: 4, hiddenSizes: hidden, numLabels: 2, activation: 'relu', bias: true });

/** Writes an MLP folder; `edit` may change the tensors or the config before writing. */
function folder(
  dir: string,
  name: string,
  hidden: number[],
  edit: { tensors?: (t: Map<string, HostTensor>) => void; config?: Record<string, unknown>; dtype?: 'F16' } = {},
): string {
  const tensors = new Map(Object.entries(architecture.init(mlp(hidden), hidden.length + name.length)));
  edit.tensors?.(tensors);
  const target = path.join(dir, name);
  writeModelFolder(target, { config: edit.config ?? architecture.configJson(mlp(hidden)), tensors: tensorEntries(tensors) }, { dtype: edit.dtype });
  return target;
}

function load(folders: string[], architectureId?: string, warn?: (text: string) => void) {
  return loadParents({ container: createContainer(), folders, anchor: 1, architectureId, graphOptions: { fuseGenerator: true }, warn });
}

const tensor = (...shape: number[]): HostTensor => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });

afterAll(removeTempFolders);

describe('loading the models of an experiment', () => {
  it('detects the architecture and reads half-precision weights as float32', () => {
    const dir = tempFolder();
    const loaded = load([folder(dir, 'a', [3], { dtype: 'F16' }), folder(dir, 'b', [3])]);
    expect(loaded.architecture.id).toBe('generic-mlp');
    const original = architecture.init(mlp([3]), 2)['layers.0.weight'].data;
    expect(loaded.parents[0].weights.host('layers.0.weight').data).toEqual(float16ToFloat32(float32ToFloat16(original)));
    expect(loaded.parents[1].config).toEqual(mlp([3]));
    loaded.close();
  });

  it('names the file and the tensor holding a NaN', () => {
    const dir = tempFolder();
    const bad = folder(dir, 'a', [3], { tensors: (t) => (t.get('layers.1.weight')!.data[4] = NaN) });
    expect(() => load([bad, folder(dir, 'b', [3])])).toThrow(`${path.join(bad, 'model.safetensors')}: tensor 'layers.1.weight' has a non-finite value (NaN) at flat index 4`);
  });

  it("names the tensor and both widths when weights disagree with the model's config", () => {
    const dir = tempFolder();
    const bad = folder(dir, 'a', [3], { config: architecture.configJson(mlp([5])) });
    const anchor = folder(dir, 'b', [3]);
    expect(() => load([bad, anchor])).toThrow(`model.name_0 (${bad}): tensor 'layers.0.weight' is [3, 4] but config.json describes [5, 4]`);
    const extra = folder(dir, 'extra', [3], { tensors: (t) => t.set('position_ids', { shape: [2], data: Float32Array.of(0, 1) }) });
    expect(() => load([extra, anchor])).toThrow(`model.name_0 (${extra}): the weights hold tensors config.json does not describe: position_ids`);
  });

  it('refuses models of different architectures or depths', () => {
    const dir = tempFolder();
    const vit = folder(dir, 'vit', [3], { config: { model_type: 'vit', architectures: ['ViTForImageClassification'] } });
    const anchor = folder(dir, 'b', [3]);
    expect(() => load([vit, anchor])).toThrow(`model.name_0 (${vit}) and the anchor model.name_1 (${anchor}) cannot be fused together: other architecture: 'hf-vit' vs 'generic-mlp'`);
    expect(() => load([vit, anchor], 'generic-mlp')).toThrow(`model.name_0 (${vit}): config.json is not a 'generic-mlp' model (model.type) (it is 'hf-vit'); all models must have one architecture`);
    const deeper = folder(dir, 'deep', [3, 3]);
    expect(() => load([deeper, anchor])).toThrow(`model.name_0 (${deeper}) and the anchor model.name_1 (${anchor}) cannot be fused together: other depth (hidden_sizes.length): 2 vs 1`);
  });

  it('names model.type when it is unknown, and asks for it when nothing recognises the models', () => {
    const dir = tempFolder();
    const a = folder(dir, 'a', [3]);
    expect(() => load([a, folder(dir, 'b', [3])], 'generic_mpl')).toThrow("model.type: no architecture 'generic_mpl'; did you mean 'generic-mlp'?");
    const unknown = folder(dir, 'mamba', [3], { config: { model_type: 'mamba' } });
    expect(() => load([a, unknown])).toThrow(`model.name_1 (${unknown}): no registered architecture recognises this config.json (model_type "mamba")`);
  });

  it('leaves out the buffers transformers stores but no model learns, and names them once per checkpoint', () => {
    const dir = tempFolder();
    const buffers = ['bert.embeddings.position_ids', 'bert.embeddings.token_type_ids', 'transformer.h.0.attn.bias', 'h.1.attn.masked_bias'];
    const withBuffers = (name: string) => folder(dir, name, [3], { tensors: (t) => buffers.forEach((b) => t.set(b, tensor(1, 4))) });
    const a = withBuffers('a');
    const b = withBuffers('b');
    const warnings: string[] = [];
    const loaded = load([a, b], undefined, (text) => warnings.push(text));
    // In the order the file stores them (safetensors: by name).
    expect(warnings).toEqual([a, b].map((d) => `Some weights of the checkpoint at ${d} were not used: ${[...buffers].sort().join(', ')}`));
    for (const parent of loaded.parents) expect(parent.weights.names()).toEqual(['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight']);
    loaded.close();
  });

  it('keeps any other tensor config.json does not describe an error, a pooler too where the architecture declares none', () => {
    const dir = tempFolder();
    const anchor = folder(dir, 'b', [3]);
    for (const extra of ['cls.seq_relationship.weight', 'vit.pooler.dense.weight', 'position_ids', 'layers.0.attn.bias.extra']) {
      const bad = folder(dir, extra, [3], { tensors: (t) => t.set(extra, tensor(2)).set('bert.embeddings.position_ids', tensor(1, 4)) });
      expect(() => load([bad, anchor], undefined, () => undefined)).toThrow(`model.name_0 (${bad}): the weights hold tensors config.json does not describe: ${extra}`);
    }
  });

  it("leaves out a converted ViT classifier's pooler, which ViTForImageClassification does not have", () => {
    const dir = tempFolder();
    const vit = new VitArchitecture();
    const config = vit.normalizeConfig({ model_type: 'vit', architectures: ['ViTForImageClassification'], hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 16, image_size: 8, patch_size: 4, num_channels: 1, num_labels: 2 });
    const folders = ['a', 'b'].map((name, seed) => {
      const tensors = new Map(Object.entries(vit.init(config, seed)));
      tensors.set('vit.pooler.dense.weight', tensor(8, 8)).set('vit.pooler.dense.bias', tensor(8));
      const target = path.join(dir, name);
      writeModelFolder(target, { config: vit.configJson(config), tensors: tensorEntries(tensors) });
      return target;
    });
    const warnings: string[] = [];
    const loaded = load(folders, undefined, (text) => warnings.push(text));
    expect(warnings[0]).toBe(`Some weights of the checkpoint at ${folders[0]} were not used: vit.pooler.dense.bias, vit.pooler.dense.weight`);
    expect(loaded.parents[1].weights.names()).toEqual([...vit.parameterShapes(config).keys()].sort());
    loaded.close();
  });

  it('opens HuggingFace folders that hold pytorch_model.bin, single or sharded, as their safetensors twins', () => {
    const fixtures = path.resolve(__dirname, '../../../io/src/__fixtures__/torch');
    const loaded = load([path.join(fixtures, 'bert-bin'), path.join(fixtures, 'bert-sharded')], undefined, () => undefined);
    expect(loaded.architecture.id).toBe('hf-bert');
    // What save_pretrained wrote for the same model, as safetensors.
    const expected = openCheckpoint(path.join(fixtures, 'bert-expected.safetensors'));
    for (const parent of loaded.parents) {
      expect([...parent.weights.names()].sort()).toEqual([...expected.names()].sort());
      for (const name of parent.weights.names()) expect(parent.weights.host(name).data).toEqual(expected.readAsFloat32(name).data);
    }
    expected.close();
    loaded.close();
  });
});
