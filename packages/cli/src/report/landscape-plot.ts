import type { Landscape } from '@otfuse/run';
import { escapeXml, num, rampColor, svgDocument } from './markup';
import { ticks } from './line-chart';

const BANDS = 10;

/** The value at (x, y) by bilinear interpolation between grid points. */
function sample(landscape: Landscape, x: number, y: number): number {
  const locate = (axis: number[], t: number) => {
    let i = 0;
    while (i < axis.length - 2 && t > axis[i + 1]) i++;
    return [i, Math.min(1, Math.max(0, (t - axis[i]) / (axis[i + 1] - axis[i])))] as const;
  };
  const [i, fx] = locate(landscape.u, x);
  const [j, fy] = locate(landscape.v, y);
  const at = (jj: number, ii: number) => landscape.values[jj][ii];
  return (1 - fy) * ((1 - fx) * at(j, i) + fx * at(j, i + 1)) + fy * ((1 - fx) * at(j + 1, i) + fx * at(j + 1, i + 1));
}

/** The plane's two fused models; reports written before methods were configurable have OT fusion and vanilla fusion. */
export function cornersOf(landscape: Landscape): NonNullable<Landscape['corners']> {
  return landscape.corners ?? { u: { method: 'ot', label: 'OT fusion' }, v: { method: 'vanilla', label: 'vanilla fusion' } };
}

/**
 * The plane as a filled contour (bands of equal value, interpolated between grid points), with
 * the anchor and the two fused models marked, as in the paper's figure.
 */
export function landscapeSvg(landscape: Landscape, marked: { anchor: number; u: number; v: number }): string {
  const corners = cornersOf(landscape);
  const [plot, left, top] = [320, 56, 34];
  const [u0, u1] = [landscape.u[0], landscape.u[landscape.u.length - 1]];
  const [v0, v1] = [landscape.v[0], landscape.v[landscape.v.length - 1]];
  const px = (u: number) => left + ((u - u0) / (u1 - u0)) * plot;
  const py = (v: number) => top + plot - ((v - v0) / (v1 - v0)) * plot;
  const flat = landscape.values.flat();
  const [low, high] = [Math.min(...flat), Math.max(...flat)];
  const band = (value: number) => (high > low ? Math.min(BANDS - 1, Math.floor(((value - low) / (high - low)) * BANDS)) : BANDS - 1);
  // Loss is better when low: colour it so that better is always bright.
  const brightness = (b: number) => (landscape.metric === 'loss' ? 1 - b / (BANDS - 1) : b / (BANDS - 1));
  const raster = 64;
  const cell = plot / raster;
  const cells: string[] = [];
  for (let r = 0; r < raster; r++) {
    for (let c = 0; c < raster; c++) {
      const u = u0 + ((c + 0.5) / raster) * (u1 - u0);
      const v = v1 - ((r + 0.5) / raster) * (v1 - v0);
      cells.push(`<rect x="${num(left + c * cell)}" y="${num(top + r * cell)}" width="${num(cell + 0.05)}" height="${num(cell + 0.05)}" fill="${rampColor(brightness(band(sample(landscape, u, v))))}"/>`);
    }
  }
  const marker = (name: string, label: string, u: number, v: number, value: number) =>
    `<g class="marker" data-model="${name}" data-value="${value}"><circle cx="${num(px(u))}" cy="${num(py(v))}" r="6" fill="#ffffff" stroke="#1f2328" stroke-width="2"/>` +
    // Labels near the right edge go to the left of their marker, so they stay on the plot.
    `<text x="${num(px(u) + (px(u) > left + 0.7 * plot ? -9 : 9))}" y="${num(py(v) - 8)}"${px(u) > left + 0.7 * plot ? ' text-anchor="end"' : ''} font-weight="600" fill="#ffffff" stroke="#1f2328" stroke-width="3" paint-order="stroke">${escapeXml(label)} ${escapeXml(formatValue(landscape.metric, value))}</text></g>`;
  const axes: string[] = [];
  for (const t of ticks(u0, u1)) axes.push(`<text x="${num(px(t))}" y="${top + plot + 16}" text-anchor="middle" fill="#57606a">${num(t, 3)}</text>`);
  for (const t of ticks(v0, v1)) axes.push(`<text x="${left - 6}" y="${num(py(t) + 4)}" text-anchor="end" fill="#57606a">${num(t, 3)}</text>`);
  const legend: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    const y = top + plot - ((b + 1) / BANDS) * plot;
    legend.push(`<rect x="${left + plot + 20}" y="${num(y)}" width="14" height="${num(plot / BANDS + 0.05)}" fill="${rampColor(brightness(b))}"/>`);
  }
  legend.push(`<text x="${left + plot + 40}" y="${top + plot}" fill="#57606a">${escapeXml(formatValue(landscape.metric, low))}</text>`);
  legend.push(`<text x="${left + plot + 40}" y="${top + 10}" fill="#57606a">${escapeXml(formatValue(landscape.metric, high))}</text>`);
  const title = `Test ${landscape.metric}, plane of the anchor, ${corners.u.label} and ${corners.v.label} (${landscape.samples} examples)`;
  const body = [
    `<text x="${left}" y="18" font-weight="600">${escapeXml(title)}</text>`,
    ...cells,
    `<rect x="${left}" y="${top}" width="${plot}" height="${plot}" fill="none" stroke="#1f2328"/>`,
    ...axes,
    `<text x="${left + plot / 2}" y="${top + plot + 34}" text-anchor="middle">u: towards ${escapeXml(corners.u.label)}</text>`,
    `<text transform="translate(16 ${top + plot / 2}) rotate(-90)" text-anchor="middle">v: towards ${escapeXml(corners.v.label)}</text>`,
    ...legend,
    marker('anchor', 'anchor', 0, 0, marked.anchor),
    marker(corners.u.method, corners.u.label, 1, 0, marked.u),
    marker(corners.v.method, corners.v.label, 0, 1, marked.v),
  ];
  return svgDocument(left + plot + 130, top + plot + 46, title, body.join('\n'));
}

function formatValue(metric: Landscape['metric'], value: number): string {
  return metric === 'accuracy' ? `${num(100 * value, 1)}%` : num(value, 3);
}
