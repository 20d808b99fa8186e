import { escapeXml } from './markup';
import { type FuseReport, comparisonNotes, comparisonTable, metricCells, metricNames, reportTask } from '@otfuse/run';

/** `report.html`: the results as a page with an accuracy chart and the run's figures; standalone, no scripts. */
export function fuseReportHtml(report: FuseReport, figuresHtml = ''): string {
  const finetuned = report.finetune !== null;
  const reset = report.bnReset !== null;
  const task = reportTask(report);
  const names = metricNames(task);
  const rows = report.results
    .map((r) => {
      const cells = [r.name, ...metricCells(r.oneShot, task)];
      if (reset) cells.push(...metricCells(r.bnReset, task));
      if (finetuned) cells.push(...metricCells(r.finetuned, task));
      return `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeXml(c)}</th>` : `<td>${escapeXml(c)}</td>`)).join('')}</tr>`;
    })
    .join('\n');
  const head = ['model', ...names, ...(reset ? names.map((n) => `${n} after BN reset`) : []), ...(finetuned ? names.map((n) => `${n} after finetune`) : [])];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Fusion report: ${escapeXml(report.experiment)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1f2328; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { padding: .3rem .8rem; border-bottom: 1px solid #d0d7de; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; }
pre { background: #f6f8fa; padding: 1rem; overflow: auto; }
.one-shot { fill: #8c959f; } .bn-reset { fill: #bf8700; } .finetuned { fill: #0969da; } svg text { font-size: 12px; }
figure.plot { margin: 1rem 0; overflow-x: auto; } .row { display: flex; flex-wrap: wrap; gap: 1rem; } .row figure.plot { margin: 0; }
table.maps td, table.maps th { font-size: 12px; padding: .15rem .5rem; } .skipped { color: #57606a; }
@media print { figure.plot { break-inside: avoid; } }
</style>
</head>
<body>
<h1>Fusion report</h1>
<p>${escapeXml(report.experiment)}<br>${escapeXml(report.createdAt)} · architecture <code>${escapeXml(report.architecture)}</code> · backend ${escapeXml(report.backend ?? 'unknown')}${report.forwardPasses.map((line) => `<br>${escapeXml(line)}`).join('')}</p>
<h2>Test ${task === 'masked-lm' ? 'masked-token accuracy' : 'accuracy'}</h2>
<p>Data set <code>${escapeXml(report.data.dataset)}</code>: ${report.data.testExamples} test examples; activations from ${report.activations.used} train examples${report.bnReset ? `; BatchNorm statistics reset on ${report.bnReset.samples}` : ''}.</p>
${accuracyChart(report)}
<table>
<thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${comparisonsHtml(report)}
${figuresHtml}
<h2>Time per stage (s)</h2>
<table><tbody>
${Object.entries(report.timings)
  .map(([stage, seconds]) => `<tr><th scope="row">${escapeXml(stage)}</th><td>${seconds.toFixed(2)}</td></tr>`)
  .join('\n')}
</tbody></table>
<h2>Fusion options</h2>
<pre>${escapeXml(JSON.stringify(report.fusion, null, 2))}</pre>
${report.warnings.length ? `<h2>Warnings</h2>\n<ul>${report.warnings.map((w) => `<li>${escapeXml(w)}</li>`).join('')}</ul>` : ''}
</body>
</html>
`;
}

/** A feature extractor's outputs against each parent's (nothing for a labelled task). */
function comparisonsHtml(report: FuseReport): string {
  const table = comparisonTable(report);
  if (!table) return '';
  const cell = (text: string, i: number) => (i === 0 ? `<th scope="row">${escapeXml(text)}</th>` : `<td>${escapeXml(text)}</td>`);
  return `${comparisonNotes(report).map((note) => `<p>${escapeXml(note)}</p>`).join('\n')}
<table>
<thead><tr>${table.columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr></thead>
<tbody>
${table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}

/** Horizontal bars: one per model and measurement (one-shot, after finetune), 0–100 %. */
export function accuracyChart(report: FuseReport): string {
  const bars: { label: string; value: number; kind: 'one-shot' | 'bn-reset' | 'finetuned' }[] = [];
  for (const r of report.results) {
    if (r.oneShot) bars.push({ label: r.name, value: r.oneShot.accuracy, kind: 'one-shot' });
    if (r.bnReset) bars.push({ label: `${r.name}, BN reset`, value: r.bnReset.accuracy, kind: 'bn-reset' });
    if (r.finetuned) bars.push({ label: `${r.name}, finetuned`, value: r.finetuned.accuracy, kind: 'finetuned' });
  }
  const labelWidth = 220;
  const barWidth = 400;
  const rowHeight = 22;
  const height = bars.length * rowHeight + 10;
  const items = bars
    .map((bar, i) => {
      const y = 5 + i * rowHeight;
      const width = Math.max(0, Math.min(1, bar.value)) * barWidth;
      return (
        `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(bar.label)}</text>` +
        `<rect class="${bar.kind}" x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${rowHeight - 6}"><title>${escapeXml(percent(bar.value))}</title></rect>` +
        `<text x="${(labelWidth + width + 6).toFixed(1)}" y="${y + 14}">${escapeXml(percent(bar.value))}</text>`
      );
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="test accuracy per model" width="${labelWidth + barWidth + 70}" height="${height}">\n${items}\n</svg>`;
}

const percent = (value: number | undefined) => (value === undefined ? '—' : `${(100 * value).toFixed(2)}%`);
