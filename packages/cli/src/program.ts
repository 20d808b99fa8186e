import { Command } from 'commander';
import { listCommand } from './commands/list';
import { otfusionMnistCommand } from './commands/otfusion-mnist';

export function program(): Command {
  return new Command('otfuse')
    .description('Fuse independently trained neural networks by aligning their neurons with optimal transport')
    .addCommand(otfusionMnistCommand())
    .addCommand(listCommand());
}
