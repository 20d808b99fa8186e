import dagre from '@dagrejs/dagre';
import type { NodeDrawing } from '@otfuse/core';
import type { FlowGraph, FlowNode } from '@otfuse/run';
import { escapeXml, num, svgDocument } from './markup';

/**
 * Nodes come with their kind's drawing; a collapsed block, or a node of a report written before
 * nodes carried one, is a grey box named by its kind.
 */
function styleOf(node: FlowNode): NodeDrawing {
  return node.style ?? { fill: '#eaeef2', stroke: '#57606a', what: node.kind };
}

/** Short text for a node: the part of its id after its block, the block's own name for a box. */
function labelOf(node: FlowNode, policy: string): string[] {
  const own = node.block !== null && node.kind !== 'block' && node.id.startsWith(`${node.block}.`) ? node.id.slice(node.block.length + 1) : node.id;
  const lines = [own];
  if (node.kind === 'block') lines.push(`${node.size ?? ''} nodes`);
  else if (node.junction) lines.push(`⊕ ${policy}`);
  else lines.push(`${styleOf(node).what}${node.fixed ? ', fixed output' : ''}`);
  return lines;
}

/**
 * The transport-map flow graph, laid out by dagre (top to bottom, in the order maps flow): each
 * node a box coloured by kind, each arrow a map passed on, dashed arrows for tied parameters.
 */
export function flowGraphSvg(flow: FlowGraph): string {
  const g = new dagre.graphlib.Graph<object, { width: number; height: number; lines: string[]; node: FlowNode }, { kind: string }>();
  g.setGraph({ rankdir: 'TB', nodesep: 18, ranksep: 26, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({ kind: 'map' }));
  for (const node of flow.nodes) {
    const lines = labelOf(node, flow.residualPolicy);
    const width = Math.max(...lines.map((l) => l.length)) * 6.6 + 18;
    g.setNode(node.id, { width, height: 34, lines, node });
  }
  for (const edge of flow.edges) g.setEdge(edge.from, edge.to, { kind: edge.kind });
  dagre.layout(g);
  const graph = g.graph() as { width: number; height: number };
  const parts: string[] = [
    '<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L8 4L0 8z" fill="#57606a"/></marker></defs>',
  ];
  for (const e of g.edges()) {
    const { points } = g.edge(e) as unknown as { points: { x: number; y: number }[] };
    const kind = (g.edge(e) as { kind: string }).kind;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y + 30)}`).join(' ');
    parts.push(`<path class="edge" d="${d}" fill="none" stroke="#57606a" marker-end="url(#arrow)"${kind === 'tie' ? ' stroke-dasharray="4 3"' : ''}/>`);
  }
  for (const id of g.nodes()) {
    const { x, y, width, height, lines, node } = g.node(id) as unknown as { x: number; y: number; width: number; height: number; lines: string[]; node: FlowNode };
    const style = styleOf(node);
    const top = y + 30 - height / 2;
    parts.push(
      `<g class="node" data-kind="${escapeXml(node.kind)}"><rect x="${num(x - width / 2)}" y="${num(top)}" width="${num(width)}" height="${height}" rx="${style.rounded ? 12 : 3}" fill="${escapeXml(style.fill)}" stroke="${escapeXml(style.stroke)}"/>` +
        `<text x="${num(x)}" y="${num(top + 14)}" text-anchor="middle">${escapeXml(lines[0])}</text>` +
        `<text x="${num(x)}" y="${num(top + 28)}" text-anchor="middle" fill="#57606a" font-size="10">${escapeXml(lines[1])}</text></g>`,
    );
  }
  const title = `Transport-map flow graph${flow.expandedBlock ? ` (block ${flow.expandedBlock} expanded)` : ''}`;
  parts.unshift(`<text x="12" y="18" font-weight="600">${escapeXml(title)}</text>`);
  return svgDocument(Math.ceil(Math.max(graph.width, 360)), Math.ceil(graph.height + 36), title, parts.join('\n'));
}
