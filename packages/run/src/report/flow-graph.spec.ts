import fs from 'node:fs';
import path from 'node:path';
import { MlpArchitecture } from '@otfuse/generic-mlp';
import { VitArchitecture } from '@otfuse/hf-vit';
import { GOLDEN_DIR } from '../__tests__/temp-folder';
import { blockOf, flowGraphOf } from './flow-graph';

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
});
