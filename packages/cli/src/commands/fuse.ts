import { Command } from 'commander';
import { planFuseExperiment, resultsTable } from '@otfuse/run';
import { runFuseExperiment } from '../fuse-with-report';
import { stderrProgress } from '../progress';
import { CliIo } from './cli-io';

export function fuseCommand(io: CliIo): Command {
  return new Command('fuse')
    .description("fuse the models of an experiment file (the paper's YAML schema) with OT and by plain averaging, evaluate, optionally finetune, and write the fused models and a report")
    .argument('<experiment>', 'experiment YAML file')
    .option('--out <dir>', 'output folder (default: output.dir of the file, else runs/<file name>-<UTC time>)')
    .option('--replace', 'replace the output folder if it exists')
    .option('-q, --quiet', 'no progress on stderr (warnings still appear)')
    .option('--dry-run', 'check the file and the models, print the fusion plan, and stop (nothing is written)')
    .action(async (file: string, opts: { out?: string; replace?: boolean; quiet?: boolean; dryRun?: boolean }) => {
      if (opts.dryRun) {
        io.stdout(`${planFuseExperiment(file)}\n`);
        return;
      }
      const progress = stderrProgress(Boolean(opts.quiet), io.stderr);
      const { outputDir, report } = await runFuseExperiment({ file, out: opts.out, replace: Boolean(opts.replace), progress });
      io.stdout(`${resultsTable(report)}\n\nwrote ${outputDir} (${[...report.outputs.map((o) => `${o}/`), 'report.json', 'report.md', 'report.html', 'maps.safetensors', 'plots/'].join(', ')})\n`);
    });
}
