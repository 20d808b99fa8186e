import { Command } from 'commander';
import { describeScore, runTraining } from '@otfuse/run';
import { stderrProgress } from '../progress';
import { CliIo } from './cli-io';

export function trainCommand(io: CliIo): Command {
  return new Command('train')
    .description('train a new model of any registered architecture from a training file and write it as a HuggingFace folder (config.json, model.safetensors, training.json)')
    .argument('<config>', 'training YAML file')
    .option('--out <dir>', 'output folder (default: output.dir of the file, else runs/<file name>-<UTC time>)')
    .option('--replace', 'replace the output folder if it exists')
    .option('-q, --quiet', 'no progress on stderr (warnings still appear)')
    .action(async (file: string, opts: { out?: string; replace?: boolean; quiet?: boolean }) => {
      const progress = stderrProgress(Boolean(opts.quiet), io.stderr);
      const { outputDir, summary } = await runTraining({ file, out: opts.out, replace: Boolean(opts.replace), progress });
      io.stdout(
        `${summary.architecture}: test ${describeScore(summary.test)} on ${summary.test.count} examples; ` +
          `final train loss ${summary.trainLoss.lastTenMean.toFixed(4)}\nwrote ${outputDir}\n`,
      );
    });
}
