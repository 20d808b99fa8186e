import { Command, InvalidArgumentError } from 'commander';
import { exportOnnxFolder } from '@otfuse/run';
import { CliIo } from './cli-io';

/** A comma-separated list of numbers (`0.5,0.5,0.5`). */
function numbers(value: string): number[] {
  const list = value.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError(`expected numbers separated by commas, got '${value}'`);
  return list;
}

interface OnnxOptions {
  out?: string;
  quantize?: boolean;
  replace?: boolean;
  imageMean?: number[];
  imageStd?: number[];
}

export function exportCommand(io: CliIo): Command {
  const onnx = new Command('onnx')
    .description("add onnx/model.onnx and the files transformers.js reads (preprocessor_config.json, or tokenizer.json and tokenizer_config.json) to a model folder, so that transformers.js's pipeline(task, folder) runs it (ViT and BERT)")
    .argument('<folder>', 'a model folder otfuse reads (config.json + model.safetensors)')
    .option('--quantize', "also write onnx/model_quantized.onnx (int8 products; transformers.js's dtype: 'q8')")
    .option('--out <dir>', 'write a new, complete folder here instead of adding to <folder> (whose files are never changed)')
    .option('--replace', 'replace an existing onnx/ in <folder>, or an existing --out folder')
    .option('--image-mean <list>', "image models: the per-channel mean pixels were normalised with (default: the folder's preprocessor_config.json, else its training.json)", numbers)
    .option('--image-std <list>', 'image models: the per-channel std, with --image-mean', numbers)
    .action(async function (this: Command, folder: string, opts: OnnxOptions) {
      if ((opts.imageMean === undefined) !== (opts.imageStd === undefined)) this.error('error: --image-mean and --image-std go together', { exitCode: 2 });
      const pixels = opts.imageMean && opts.imageStd ? { mean: opts.imageMean, std: opts.imageStd } : undefined;
      const { out, files } = await exportOnnxFolder({ dir: folder, out: opts.out, quantize: Boolean(opts.quantize), replace: Boolean(opts.replace), pixels, log: (line) => io.stderr(`${line}\n`) });
      io.stdout(`wrote ${files.join(', ')} in ${out}\n`);
    });
  return new Command('export').description('write a model folder in another format').addCommand(onnx);
}
