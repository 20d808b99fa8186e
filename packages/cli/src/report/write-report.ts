import fs from 'node:fs';
import path from 'node:path';
import { type FuseReport, MAPS_FILE, writeMarkdownReport } from '@otfuse/run';
import { accuracyChart, fuseReportHtml } from './fuse-report-html';
import { renderFigures } from './figures-html';

/**
 * Writes `report.md`, `report.html` and `plots/` into `dir` from the report (and the
 * `maps.safetensors` beside it): what `fuse` does at the end of a run, and `otfuse report` again
 * later, with the same bytes.
 */
export function writeReportFiles(dir: string, report: FuseReport, mapsFile = path.join(dir, MAPS_FILE)): void {
  const figures = renderFigures(dir, report, accuracyChart(report), mapsFile);
  writeMarkdownReport(dir, report);
  fs.writeFileSync(path.join(dir, 'report.html'), fuseReportHtml(report, figures));
}
