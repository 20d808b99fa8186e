import type { MapFigures, StoredMap } from '@otfuse/run';
import { escapeXml, num, rampColor, svgDocument } from './markup';

/** Most cells drawn per side: wider maps are summed into blocks. */
export const HEATMAP_CELLS = 48;

/**
 * The rows of a map reordered by the column that receives most of each row (ties: lower row
 * first), so a permutation draws as the diagonal and a one-to-many map as a staircase.
 */
export function rowOrder(map: StoredMap): number[] {
  const best = Array.from({ length: map.n0 }, (_, i) => {
    let arg = 0;
    for (let j = 1; j < map.n1; j++) if (map.data[i * map.n1 + j] > map.data[i * map.n1 + arg]) arg = j;
    return arg;
  });
  return best.map((_, i) => i).sort((a, b) => best[a] - best[b] || a - b);
}

/** The map's mass summed into at most `cells × cells` blocks, rows in `rowOrder`. */
export function downsample(map: StoredMap, cells = HEATMAP_CELLS): { rows: number; cols: number; mass: Float64Array } {
  const rows = Math.min(cells, map.n0);
  const cols = Math.min(cells, map.n1);
  const mass = new Float64Array(rows * cols);
  const order = rowOrder(map);
  order.forEach((source, position) => {
    const r = Math.floor((position * rows) / map.n0);
    for (let j = 0; j < map.n1; j++) mass[r * cols + Math.floor((j * cols) / map.n1)] += map.data[source * map.n1 + j];
  });
  return { rows, cols, mass };
}

/** One map as a heatmap: aligned model's neurons down (reordered), the anchor's across. */
export function heatmapSvg(map: StoredMap, figures: MapFigures): string {
  const { rows, cols, mass } = downsample(map);
  const size = 240;
  const cell = size / Math.max(rows, cols);
  const [left, top] = [40, 34];
  let peak = 0;
  for (const m of mass) peak = Math.max(peak, m);
  const rects: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const share = peak > 0 ? mass[r * cols + c] / peak : 0;
      // A square-root scale keeps the faint off-diagonal mass of soft maps visible.
      rects.push(`<rect x="${num(left + c * cell)}" y="${num(top + r * cell)}" width="${num(cell + 0.05)}" height="${num(cell + 0.05)}" fill="${rampColor(Math.sqrt(share))}"/>`);
    }
  }
  const width = Math.max(left + cols * cell + 10, 400);
  const height = top + rows * cell + 42;
  const caption =
    `<text x="${left}" y="14" font-weight="600">${escapeXml(figures.label)}${figures.model === 0 ? '' : ` (model ${figures.model})`}</text>` +
    `<text x="${left}" y="28" fill="#57606a">${figures.n0} → ${figures.n1} neurons${rows < figures.n0 || cols < figures.n1 ? ` in ${rows} × ${cols} blocks` : ''} · closeness to a permutation ${num(figures.permutationCloseness, 3)}</text>` +
    `<text x="${left}" y="${num(top + rows * cell + 16)}" fill="#57606a">anchor neurons →</text>` +
    `<text x="${left}" y="${num(top + rows * cell + 32)}" fill="#57606a">OT cost ${num(figures.otCost, 4)} · entropy ${num(figures.entropy, 3)} · unreceived ${figures.unreceived}</text>` +
    `<text transform="translate(${left - 6} ${num(top + rows * cell)}) rotate(-90)" fill="#57606a">model ${figures.model} neurons, by best match</text>`;
  return svgDocument(Math.ceil(width), Math.ceil(height), `transport map ${figures.label}`, `${caption}\n${rects.join('')}`);
}
