import { escapeXml, num, svgDocument } from './markup';

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
  color: string;
  dashed?: boolean;
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  /** Fixed y range (e.g. [0, 1] for accuracy); default: the data's, padded. */
  yRange?: readonly [number, number];
  /** Extra marks drawn on the plot: a vertical line with a label at x. */
  marks?: readonly { x: number; label: string }[];
}

/** Round tick values covering [min, max]: about five. */
export function ticks(min: number, max: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) as number;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Lines on shared axes with a legend: interpolation curves, loss curves. */
export function lineChartSvg(chart: LineChart): string {
  const [width, height] = [520, 300];
  const [left, right, top, bottom] = [56, 150, 30, 44];
  const all = chart.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = chart.yRange ?? [Math.min(...ys), Math.max(...ys)];
  if (!chart.yRange) {
    const pad = (y1 - y0) * 0.05 || Math.abs(y0) * 0.05 || 1;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  const px = (x: number) => left + ((x - x0) / (x1 - x0 || 1)) * (width - left - right);
  const py = (y: number) => height - bottom - ((y - y0) / (y1 - y0 || 1)) * (height - top - bottom);
  const parts: string[] = [`<text x="${left}" y="18" font-weight="600">${escapeXml(chart.title)}</text>`];
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${num(py(t))}" y2="${num(py(t))}" stroke="#d0d7de"/>`);
    parts.push(`<text x="${left - 6}" y="${num(py(t) + 4)}" text-anchor="end" fill="#57606a">${num(t, 4)}</text>`);
  }
  for (const t of ticks(x0, x1)) parts.push(`<text x="${num(px(t))}" y="${height - bottom + 16}" text-anchor="middle" fill="#57606a">${num(t, 4)}</text>`);
  for (const mark of chart.marks ?? []) {
    parts.push(`<line x1="${num(px(mark.x))}" x2="${num(px(mark.x))}" y1="${top}" y2="${height - bottom}" stroke="#8c959f" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${num(px(mark.x) + 3)}" y="${top + 10}" fill="#57606a">${escapeXml(mark.label)}</text>`);
  }
  parts.push(`<text x="${num((left + width - right) / 2)}" y="${height - 8}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${num((top + height - bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`);
  chart.series.forEach((series, i) => {
    const d = series.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${num(px(x))} ${num(py(y))}`).join(' ');
    parts.push(`<path class="series" d="${d}" fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    const ly = top + 8 + i * 18;
    parts.push(`<line x1="${width - right + 12}" x2="${width - right + 36}" y1="${ly}" y2="${ly}" stroke="${series.color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${width - right + 42}" y="${ly + 4}">${escapeXml(series.name)}</text>`);
  });
  parts.push(`<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="#8c959f"/>`);
  return svgDocument(width, height, chart.title, parts.join('\n'));
}
