import fs from 'node:fs';
import path from 'node:path';
import { VitArchitecture } from '@otfuse/hf-vit';
import { flowGraphOf } from '@otfuse/run';
import { GOLDEN_DIR } from '@otfuse/run/testing';
import { flowGraphSvg } from './flow-graph-plot';

describe('the map-flow graph drawn', () => {
  it('draws every shown node and every edge of a ViT, with the residual policy', () => {
    const vit = new VitArchitecture();
    const config = vit.normalizeConfig(JSON.parse(fs.readFileSync(path.join(GOLDEN_DIR, 'vit-tiny/models/parent1/config.json'), 'utf8')));
    const flow = flowGraphOf(vit.graph(config), 'mean');
    const svg = flowGraphSvg(flow);
    expect(svg.match(/<g class="node"/g)).toHaveLength(flow.nodes.length);
    expect(svg.match(/<path class="edge"/g)).toHaveLength(flow.edges.length);
    expect(svg).toContain('⊕ mean');
  });
});
