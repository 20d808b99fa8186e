import { Command, InvalidArgumentError } from 'commander';
import { initBackend } from '@otfuse/backend';
import { OTFUSION_MNIST_DEFAULTS, formatTable, runOtfusionMnist } from '../experiments/otfusion-mnist';
import { stderrProgress } from '../progress';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
};
const widths = (value: string): number[] => (value === '' ? [] : value.split('-').map(positiveInt));

export function otfusionMnistCommand(): Command {
  const d = OTFUSION_MNIST_DEFAULTS;
  return new Command('otfusion-mnist')
    .description("OTFusion's classic experiment: train two MLPs on MNIST with different seeds, fuse them with OT and by plain averaging, compare test accuracy")
    .option('--train-size <n>', 'training examples per parent (60000 = all)', positiveInt, d.trainSize)
    .option('--test-size <n>', 'test examples evaluated', positiveInt, d.testSize)
    .option('--epochs <n>', 'training epochs per parent', positiveInt, d.epochs)
    .option('--batch-size <n>', 'training batch size', positiveInt, d.batchSize)
    .option('--lr <x>', 'Adam learning rate', parseFloat, d.lr)
    .option('--hidden <widths>', 'hidden widths of both parents, e.g. 400-200-100', widths, d.hidden)
    .option('--wide-hidden <widths>', "hidden widths of a wider parent fused into the anchor's widths ('' to skip)", widths, d.wideHidden)
    .option('--activation-samples <n>', 'training examples whose activations describe neurons', positiveInt, d.activationSamples)
    .option('--sinkhorn-reg <x>', 'entropic regularisation of the Sinkhorn case', parseFloat, d.sinkhornReg)
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (opts) => {
      const progress = stderrProgress(Boolean(opts.quiet));
      await initBackend({ log: (line) => progress.line(line) });
      const rows = await runOtfusionMnist(
        {
          trainSize: opts.trainSize,
          testSize: opts.testSize,
          epochs: opts.epochs,
          batchSize: opts.batchSize,
          lr: opts.lr,
          hidden: opts.hidden,
          wideHidden: opts.wideHidden,
          seeds: d.seeds,
          activationSamples: opts.activationSamples,
          sinkhornReg: opts.sinkhornReg,
        },
        progress,
      );
      process.stdout.write(`${formatTable(rows)}\n`);
    });
}
