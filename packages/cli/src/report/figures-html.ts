import fs from 'node:fs';
import path from 'node:path';
import { type FuseReport, isSkipped, MAPS_FILE, readMaps } from '@otfuse/run';
import { flowGraphSvg } from './flow-graph-plot';
import { heatmapSvg } from './heatmap-plot';
import { cornersOf, landscapeSvg } from './landscape-plot';
import { lineChartSvg } from './line-chart';
import { escapeXml } from './markup';

/** Where the standalone SVG files go, inside a run's folder. */
export const PLOTS_DIR = 'plots';

const metricName = (metric: 'accuracy' | 'loss') => (metric === 'accuracy' ? 'test accuracy' : 'test loss');

/**
 * Draws every figure of a run into `<dir>/plots/` (one standalone SVG each, every map included)
 * and returns the report page's figure sections, with the same SVGs inline: the landscape, the
 * interpolation barrier, the first, middle and last maps, the map-flow graph, the finetuning
 * losses. A pure function of report.json and maps.safetensors, so a re-render is byte-identical.
 */
export function renderFigures(dir: string, report: FuseReport, accuracySvg: string, mapsFile = path.join(dir, MAPS_FILE)): string {
  const figures = report.figures;
  const plots = path.join(dir, PLOTS_DIR);
  fs.mkdirSync(path.join(plots, 'maps'), { recursive: true });
  const sections: string[] = [];
  const save = (name: string, svg: string) => {
    fs.writeFileSync(path.join(plots, name), svg);
    return svg;
  };
  save('accuracy.svg', accuracySvg);
  if (!figures) return '';

  sections.push('<h2>Accuracy landscape</h2>');
  if (isSkipped(figures.landscape)) sections.push(`<p class="skipped">Not drawn: ${escapeXml(figures.landscape.skipped)}.</p>`);
  else {
    const corner = (u: number, v: number) => {
      const l = figures.landscape as { u: number[]; v: number[]; values: number[][] };
      return l.values[l.v.indexOf(v)][l.u.indexOf(u)];
    };
    sections.push(
      `<p>The plane through the anchor and the models ${escapeXml(`${cornersOf(figures.landscape).u.label} and ${cornersOf(figures.landscape).v.label}`)} fused; each point is a model whose parameters mix the three, evaluated on ${figures.landscape.samples} test examples. Brighter is better.${figures.landscape.sizing?.source === 'budget' ? ` Grid and examples chosen to fit the time budget: ${escapeXml(figures.landscape.sizing.reason)}.` : ''}</p>`,
      `<figure class="plot" id="landscape">${save('landscape.svg', landscapeSvg(figures.landscape, { anchor: corner(0, 0), u: corner(1, 0), v: corner(0, 1) }))}</figure>`,
    );
  }

  sections.push('<h2>Interpolation barrier</h2>');
  if (isSkipped(figures.barrier)) sections.push(`<p class="skipped">Not drawn: ${escapeXml(figures.barrier.skipped)}.</p>`);
  else {
    const b = figures.barrier;
    const alignedBy = b.alignedBy?.label ?? 'OT fusion';
    const curve = (values: number[]) => b.t.map((t, i) => [t, values[i]] as const);
    sections.push(
      `<p>From the anchor (left) to model ${b.model} (right), by plain interpolation of the parameters: as model ${b.model} is, and after ${escapeXml(alignedBy)} aligned its neurons to the anchor's (the midpoint of that curve is the model ${escapeXml(alignedBy)} fused).</p>`,
      `<figure class="plot" id="barrier">${save(
        'barrier.svg',
        lineChartSvg({
          title: `${metricName(b.metric)} from the anchor to model ${b.model} (${b.samples} examples)`,
          xLabel: `t: weight of model ${b.model}`,
          yLabel: metricName(b.metric),
          series: [
            { name: `aligned by ${alignedBy}`, points: curve(b.aligned), color: '#0969da' },
            { name: 'not aligned', points: curve(b.unaligned), color: '#cf222e', dashed: true },
          ],
          ...(b.metric === 'accuracy' ? { yRange: [0, 1] as const } : {}),
        }),
      )}</figure>`,
    );
  }

  sections.push('<h2>Transport maps</h2>');
  const maps = figures.maps;
  if (maps.length === 0) sections.push('<p class="skipped">No map was solved (every layer kept its neurons).</p>');
  else {
    const shown = new Set([0, Math.floor((maps.length - 1) / 2), maps.length - 1]);
    const inline: string[] = [];
    for (const stored of readMaps(mapsFile)) {
      const f = maps.find((m) => m.tensor === stored.tensor);
      if (!f) continue;
      const svg = save(`maps/${f.tensor}.svg`, heatmapSvg(stored, f));
      if (shown.has(f.index)) inline.push(`<figure class="plot heatmap">${svg}</figure>`);
    }
    sections.push(
      `<p>${maps.length} maps, each aligning the neurons of one layer of a model (rows) to the anchor's (columns); rows are ordered by their best match, so a permutation is the diagonal. The first, middle and last are drawn here; every map is in <code>plots/maps/</code> and <code>${MAPS_FILE}</code>.</p>`,
      `<div class="row">${inline.join('\n')}</div>`,
      '<table class="maps"><thead><tr><th>#</th><th>model</th><th>node</th><th>n0 → n1</th><th>OT cost</th><th>entropy</th><th>closeness to a permutation</th><th>unreceived</th></tr></thead><tbody>',
      ...maps.map(
        (m) =>
          `<tr><td><a href="${PLOTS_DIR}/maps/${m.tensor}.svg">${m.index}</a></td><td>${m.model}</td><th scope="row">${escapeXml(m.label)}</th><td>${m.n0} → ${m.n1}</td><td>${m.otCost.toFixed(4)}</td><td>${m.entropy.toFixed(3)}</td><td>${m.permutationCloseness.toFixed(3)}</td><td>${m.unreceived}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }

  sections.push('<h2>Map-flow graph</h2>', `<figure class="plot" id="flow-graph">${save('flow-graph.svg', flowGraphSvg(figures.flowGraph))}</figure>`);

  if (figures.finetuneLosses.length) {
    const colors = ['#0969da', '#cf222e', '#1a7f37', '#8250df'];
    sections.push(
      '<h2>Finetuning</h2>',
      `<figure class="plot" id="finetune">${save(
        'finetune.svg',
        lineChartSvg({
          title: 'Training loss per finetuning step',
          xLabel: 'step',
          yLabel: 'loss',
          series: figures.finetuneLosses.map((f, i) => ({ name: f.name, points: f.losses.map((loss, step) => [step + 1, loss] as const), color: colors[i % colors.length] })),
        }),
      )}</figure>`,
    );
  }
  return sections.join('\n');
}
