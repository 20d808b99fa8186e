import { ConfigError } from './config-error';
import { ConfigValues, Schema, types } from './schema';

/** `output.onnx` and `output.onnx_quantize`, the same in experiment and training files. */
export const ONNX_OUTPUT_KEYS: Schema = [
  {
    key: 'output.onnx',
    type: types.boolean,
    default: false,
    origin: 'otfuse',
    description:
      "Also write `onnx/model.onnx` into every model folder, with what transformers.js reads besides (`preprocessor_config.json` from the data set's normalisation, or `tokenizer.json` and `tokenizer_config.json`, and the label names in `config.json`): `pipeline(task, folder)` then runs the model in Node or the browser. ViT and BERT; other architectures are refused before the run starts.",
  },
  {
    key: 'output.onnx_quantize',
    type: types.boolean,
    default: false,
    origin: 'otfuse',
    description: "With `output.onnx`, also `onnx/model_quantized.onnx`: every product by a weight matrix in int8 (dynamic quantization), what transformers.js loads with `dtype: 'q8'`: the weight matrices take a quarter of their bytes (embedding tables stay float32).",
  },
];

/** What `output.onnx` asks for; absent when it is off. */
export interface OnnxOutput {
  readonly quantize: boolean;
}

/** `output.onnx` and `output.onnx_quantize` of a file; quantizing without the export is refused. */
export function onnxOutput(values: ConfigValues, file: string): OnnxOutput | undefined {
  // The output section is optional: without it, its defaults are not filled in.
  const onnx = values.optional<boolean>('output.onnx') ?? false;
  const quantize = values.optional<boolean>('output.onnx_quantize') ?? false;
  if (quantize && !onnx) throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, ['output.onnx_quantize: needs output.onnx: true']);
  return onnx ? { quantize } : undefined;
}
