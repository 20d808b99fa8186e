import { Command } from 'commander';
import { otfusionMnistCommand } from './commands/otfusion-mnist';

export function program(): Command {
  return new Command('otfuse')
    .description('Fuse independently trained neural networks by aligning their neurons with optimal transport')
    .addCommand(otfusionMnistCommand());
}
