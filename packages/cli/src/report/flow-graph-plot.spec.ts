import fs from 'node:fs';
import path from 'node:path';
import { VitArchitecture } from '@otfuse/hf-vit';
import { flowGraphOf } from '@otfuse/run';
import { GOLDEN_DIR, readoutGraph } from '@otfuse/run/testing';
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

  it("draws a custom registered kind in its kind's own style, its shared table as a dashed tie", () => {
    const svg = flowGraphSvg(flowGraphOf(readoutGraph(), 'mean'));
    expect(svg).toMatch(
      /<g class="node" data-kind="test-readout"><rect [^>]+ rx="12" fill="#fff1e5" stroke="#bc4c00"\/><text [^>]+>readout<\/text><text [^>]+>readout, fixed output<\/text><\/g>/,
    );
    expect(svg.match(/<path class="edge" [^>]+ stroke-dasharray="4 3"\/>/g)).toHaveLength(1);
  });

  it('draws a collapsed block, and a node of a report.json written without drawings, as grey boxes', () => {
    const svg = flowGraphSvg({
      nodes: [
        { id: 'layers.0', kind: 'linear', block: 'layers.0' },
        { id: 'layers.1', kind: 'block', block: 'layers.1', size: 3 },
      ],
      edges: [{ from: 'layers.0', to: 'layers.1', kind: 'map' }],
      expandedBlock: null,
      residualPolicy: 'mean',
    });
    const boxes = [...svg.matchAll(/<g class="node" data-kind="(\w+)"><rect [^>]+ rx="(\d+)" fill="([^"]+)" stroke="([^"]+)"\/><text [^>]+>[^<]+<\/text><text [^>]+>([^<]+)<\/text><\/g>/g)];
    expect(boxes.map((m) => m.slice(1))).toEqual([
      ['linear', '3', '#eaeef2', '#57606a', 'linear'],
      ['block', '3', '#eaeef2', '#57606a', '3 nodes'],
    ]);
  });
});
