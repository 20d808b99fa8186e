import fs from 'node:fs';
import path from 'node:path';
import type { ArchitecturePlugin } from '@otfuse/core';
import { ResnetArchitecture } from '@otfuse/convnet';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { BertArchitecture } from '@otfuse/hf-bert';
import { VitArchitecture } from '@otfuse/hf-vit';
import { readoutGraph } from '../__tests__/readout-kind';
import { GOLDEN_DIR } from '../__tests__/temp-folder';
import { blockOf, flowGraphOf } from './flow-graph';

/** The flow graph of a golden model's architecture, from its config.json. */
function goldenFlow<Config>(plugin: ArchitecturePlugin<Config>, folder: string) {
  const config = plugin.normalizeConfig(JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, folder, 'config.json'), 'utf8')));
  return flowGraphOf(plugin.graph(config), 'mean');
}

describe('the map-flow graph', () => {
  it('finds blocks by the first numbered segment of a node id', () => {
    expect(blockOf('vit.encoder.layer.3.attention.attention')).toBe('vit.encoder.layer.3');
    expect(blockOf('vit.encoder.layer.12 › residual')).toBe('vit.encoder.layer.12');
    expect(blockOf('layers.0')).toBe('layers.0');
    expect(blockOf('vit.embeddings.cls_token')).toBeNull();
  });

  it('expands the first transformer block of a ViT and collapses the others', () => {
    const vit = new VitArchitecture();
    const config = vit.normalizeConfig(JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'vit-tiny/models/parent1/config.json'), 'utf8')));
    const graph = vit.graph(config);
    const flow = flowGraphOf(graph, 'mean');
    expect(flow.expandedBlock).toBe('vit.encoder.layer.0');
    const boxes = flow.nodes.filter((n) => n.kind === 'block');
    expect(boxes.map((b) => b.id)).toEqual(Array.from({ length: 6 }, (_, i) => `vit.encoder.layer.${i + 1}`));
    const layer1 = graph.nodes.filter((n) => n.id.startsWith('vit.encoder.layer.1.') || n.id.startsWith('vit.encoder.layer.1 '));
    expect(boxes[0].size).toBe(layer1.length);
    // Every map that flows between shown nodes is an edge; blocks chain one into the next.
    const ids = new Set(flow.nodes.map((n) => n.id));
    for (const e of flow.edges) expect([ids.has(e.from), ids.has(e.to)]).toEqual([true, true]);
    for (let i = 1; i < 6; i++) expect(flow.edges).toContainEqual({ from: `vit.encoder.layer.${i}`, to: `vit.encoder.layer.${i + 1}`, kind: 'map' });
    expect(flow.nodes.filter((n) => n.block === 'vit.encoder.layer.0').map((n) => n.kind)).toEqual(expect.arrayContaining(['attention', 'residual', 'norm', 'linear']));
  });

  it('draws an MLP node by node, its head as a fixed output', () => {
    const mlp = new MlpArchitecture();
    const flow = flowGraphOf(mlp.graph(mlp.normalizeConfig({ model_type: 'otfuse-mlp', input_size: 4, hidden_sizes: [3, 3], num_labels: 2 })), 'mean');
    expect(flow.nodes.map((n) => [n.id, n.kind, n.fixed ?? false])).toEqual([
      ['layers.0', 'linear', false],
      ['layers.1', 'linear', false],
      ['layers.2', 'linear', true],
    ]);
    expect(flow.edges).toEqual([
      { from: 'layers.0', to: 'layers.1', kind: 'map' },
      { from: 'layers.1', to: 'layers.2', kind: 'map' },
    ]);
  });

  it("expands a BERT's first layer, draws its junctions with the policy and the decoder's tied weight as a tie from the word embeddings", () => {
    const flow = goldenFlow(new BertArchitecture(), 'bert-tiny/mlm');
    expect(flow.expandedBlock).toBe('bert.encoder.layer.0');
    expect(flow.nodes.filter((n) => n.junction).map((n) => n.id)).toEqual([
      'bert.embeddings.position_embeddings+bert.embeddings.token_type_embeddings',
      'bert.embeddings+sum',
      'bert.encoder.layer.0.attention+residual',
      'bert.encoder.layer.0.output.dense+residual',
    ]);
    expect(flow.edges.filter((e) => e.kind === 'tie')).toEqual([{ from: 'bert.embeddings.word_embeddings', to: 'cls.predictions.decoder', kind: 'tie' }]);
  });

  it("expands a ResNet's first stage, the first with a junction", () => {
    const flow = goldenFlow(new ResnetArchitecture(), 'resnet-tiny/basic');
    expect(flow.expandedBlock).toBe('resnet.encoder.stages.0');
    expect(flow.nodes.filter((n) => n.kind === 'block').map((n) => [n.id, n.size])).toEqual([['resnet.encoder.stages.1', 17]]);
  });

  it("keeps each node's drawing from its kind, a custom registered kind's too, with its fixed output and its table as a tie", () => {
    const flow = flowGraphOf(readoutGraph(), 'mean');
    expect(flow.expandedBlock).toBe('layers.1');
    expect(flow.nodes).toEqual([
      { id: 'layers.0', kind: 'linear', block: 'layers.0', style: { fill: '#ddf4ff', stroke: '#0969da', what: 'linear' } },
      { id: 'layers.1', kind: 'linear', block: 'layers.1', style: { fill: '#ddf4ff', stroke: '#0969da', what: 'linear' } },
      { id: 'layers.1.readout', kind: 'test-readout', block: 'layers.1', fixed: true, style: { fill: '#fff1e5', stroke: '#bc4c00', what: 'readout', rounded: true } },
    ]);
    expect(flow.edges).toEqual([
      { from: 'layers.0', to: 'layers.1', kind: 'map' },
      { from: 'layers.1', to: 'layers.1.readout', kind: 'map' },
      { from: 'layers.0', to: 'layers.1.readout', kind: 'tie' },
    ]);
  });
});
