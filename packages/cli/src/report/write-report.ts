import fs from 'node:fs';
import path from 'node:path';
import { type FuseReport, fuseReportMarkdown } from '../run/fuse-report';
import { accuracyChart, fuseReportHtml } from '../run/fuse-report-html';
import { renderFigures } from './figures-html';
import { MAPS_FILE } from './maps-file';

/** The files a report consists of, besides report.json and maps.safetensors. */
/**
 * Writes `report.md`, `report.html` and `plots/` into `dir` from the report (and the
 * `maps.safetensors` beside it): what `fuse` does at the end of a run, and `otfuse report` again
 * later, with the same bytes.
 */
export function writeReportFiles(dir: string, report: FuseReport, mapsFile = path.join(dir, MAPS_FILE)): void {
  const figures = renderFigures(dir, report, accuracyChart(report), mapsFile);
  fs.writeFileSync(path.join(dir, 'report.md'), fuseReportMarkdown(report));
  fs.writeFileSync(path.join(dir, 'report.html'), fuseReportHtml(report, figures));
}
