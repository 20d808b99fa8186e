/** Text for HTML and SVG content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A standalone SVG document (also valid inline in HTML), with a title for screen readers. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="12">\n` +
    `<title>${escapeXml(title)}</title>\n${body}\n</svg>\n`
  );
}

/** A number with at most `digits` decimals, without trailing zeros (stable text for byte-identical output). */
export function num(value: number, digits = 2): string {
  return Number(value.toFixed(digits)).toString();
}

/**
 * A perceptually ordered colour for t in [0, 1] (a blue–green–yellow ramp like viridis, by
 * linear interpolation between five stops), as `#rrggbb`.
 */
export function rampColor(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const channel = (c: number) => Math.round(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]));
  return `#${[0, 1, 2].map((c) => channel(c).toString(16).padStart(2, '0')).join('')}`;
}
