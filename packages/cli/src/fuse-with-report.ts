import { type FuseRunOptions, type FuseRunResult, runFuseExperiment as runFuse } from '@otfuse/run';
import { writeReportFiles } from './report/write-report';

/**
 * `otfuse fuse`: the run of @otfuse/run, with the whole report (report.md, and report.html with
 * its plots, which need the CLI's renderers) unless `options.reportFiles` says otherwise.
 */
export function runFuseExperiment(options: FuseRunOptions): Promise<FuseRunResult> {
  return runFuse({ ...options, reportFiles: options.reportFiles ?? writeReportFiles });
}
