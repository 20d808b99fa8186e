import { Command } from 'commander';
import { CliIo, processIo } from './commands/cli-io';
import { exportCommand } from './commands/export';
import { fuseCommand } from './commands/fuse';
import { listCommand } from './commands/list';
import { reportCommand } from './commands/report';
import { otfusionMnistCommand } from './commands/otfusion-mnist';
import { trainCommand } from './commands/train';

export function program(io: CliIo = processIo): Command {
  return new Command('otfuse')
    .description('Fuse independently trained neural networks by aligning their neurons with optimal transport')
    .addCommand(fuseCommand(io))
    .addCommand(trainCommand(io))
    .addCommand(exportCommand(io))
    .addCommand(otfusionMnistCommand())
    .addCommand(listCommand())
    .addCommand(reportCommand());
}
