import type { ModelWriter } from '../model-writer';
import { SAFETENSORS_FOLDER_WRITER } from '../safetensors-folder-writer';
import { exportOnnx } from './onnx-export';
import { type Preprocessing, transformersJsFiles, withLabelNames } from './transformers-js-files';

export interface OnnxFolderOptions extends Preprocessing {
  /** Also write `onnx/model_quantized.onnx` (int8 products; transformers.js's `dtype: 'q8'`). */
  readonly quantize?: boolean;
}

/**
 * HuggingFace's folder (see SAFETENSORS_FOLDER_WRITER) with what transformers.js loads besides:
 * `onnx/model.onnx` (and `onnx/model_quantized.onnx`), the preprocessing or tokenizer files,
 * and the label names in `config.json`. Written in the same atomic step: a model that does not
 * export leaves no folder.
 */
export function onnxFolderWriter(options: OnnxFolderOptions = {}, base: ModelWriter = SAFETENSORS_FOLDER_WRITER): ModelWriter {
  return {
    id: `${base.id}+onnx`,
    description: `${base.description}, plus onnx/model.onnx and the preprocessing files transformers.js loads`,
    write(dir, model, where) {
      const inputs = model.architecture.namedInputs?.(model.config);
      const { files } = exportOnnx(model, options);
      const extra = inputs === undefined ? {} : transformersJsFiles(model, inputs, options);
      base.write(dir, { ...model, configJson: withLabelNames(model), sideFiles: { ...model.sideFiles, ...extra, ...files } }, where);
    },
  };
}
