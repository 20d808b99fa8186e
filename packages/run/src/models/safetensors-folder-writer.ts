import { writeModelFolder } from '@otfuse/io';
import type { ModelWriter } from './model-writer';
import { integerTensorsOf, tensorEntries } from './tensor-entries';

/**
 * HuggingFace's folder: `config.json`, `model.safetensors` (in the source's float dtype, float32
 * for a new model; integer tensors kept as integers) and the side files, written by @otfuse/io's
 * atomic folder writer.
 */
export const SAFETENSORS_FOLDER_WRITER: ModelWriter = {
  id: 'hf-safetensors',
  description: "HuggingFace folder: config.json, model.safetensors and the architecture's side files (what from_pretrained reads)",
  write(dir, model, options) {
    const integers = integerTensorsOf(model.architecture, model.config, model.storedIntegers);
    const tensors = tensorEntries(model.weights, model.names ?? [...model.weights.keys()], integers);
    writeModelFolder(dir, { config: model.configJson, tensors, files: model.sideFiles }, { replace: options.replace, inputs: options.inputs, dtype: model.storedFloatDtype });
  },
};
