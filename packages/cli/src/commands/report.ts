import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { readInputText } from '@otfuse/io';
import { ConfigError, type FuseReport, MAPS_FILE } from '@otfuse/run';
import { writeReportFiles } from '../report/write-report';

/**
 * Draws a finished run's report again from its report.json and maps.safetensors: report.md,
 * report.html and plots/, byte for byte what the run wrote (after a restyle, the new style).
 * The new files are made in a temporary sibling and swapped in, so a failure leaves the old ones.
 */
export function rerenderReport(runDir: string): string[] {
  const dir = path.resolve(runDir);
  const reportFile = path.join(dir, 'report.json');
  if (!fs.existsSync(reportFile)) throw new ConfigError('FILE_NOT_FOUND', `${reportFile}: no such file; expected the folder of a finished otfuse fuse run`);
  const text = readInputText(reportFile, "a finished run's report.json");
  let report: FuseReport;
  try {
    report = JSON.parse(text) as FuseReport;
  } catch (error) {
    throw new ConfigError('INVALID_CONFIG', `${reportFile}: not valid JSON (${(error as Error).message})`);
  }
  if (report.command !== 'fuse' || !Array.isArray(report.results)) throw new ConfigError('INVALID_CONFIG', `${reportFile}: not the report of an otfuse fuse run`);
  if (report.figures && report.figures.maps.length > 0 && !fs.existsSync(path.join(dir, MAPS_FILE))) {
    throw new ConfigError('FILE_NOT_FOUND', `${path.join(dir, MAPS_FILE)}: no such file; report.json lists ${report.figures.maps.length} maps to draw from it`);
  }
  const staging = fs.mkdtempSync(path.join(dir, '.report-'));
  try {
    writeReportFiles(staging, report, path.join(dir, MAPS_FILE));
    const written = ['report.md', 'report.html', 'plots'];
    for (const name of written) {
      fs.rmSync(path.join(dir, name), { recursive: true, force: true });
      fs.renameSync(path.join(staging, name), path.join(dir, name));
    }
    return written.map((name) => path.join(dir, name));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export function reportCommand(): Command {
  return new Command('report')
    .description("draw a finished run's report.html, report.md and plots/ again from its report.json and maps.safetensors")
    .argument('<run-dir>', 'the output folder of an otfuse fuse run')
    .action((runDir: string) => {
      for (const file of rerenderReport(runDir)) process.stdout.write(`wrote ${file}\n`);
    });
}
