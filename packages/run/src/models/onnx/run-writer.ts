import type { ArchitecturePlugin } from '@otfuse/core';
import type { PixelNormalization } from '@otfuse/data';
import { ConfigError } from '../../config/config-error';
import type { OnnxOutput } from '../../config/onnx-output';
import type { ModelWriter } from '../model-writer';
import { SAFETENSORS_FOLDER_WRITER } from '../safetensors-folder-writer';
import { onnxFolderWriter } from './onnx-folder-writer';

/**
 * The writer of a run's model folders: `base`, plus the ONNX files where `output.onnx` asks for
 * them. An architecture that does not export, or an image model whose data set does not say how
 * it normalised pixels, is refused here, before the run does its work.
 */
export function runWriter(file: string, onnx: OnnxOutput | undefined, architecture: ArchitecturePlugin, pixels: PixelNormalization | undefined, base?: ModelWriter): ModelWriter | undefined {
  if (onnx === undefined) return base;
  const refuse = (problem: string) => {
    throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, [`output.onnx: ${problem}`]);
  };
  if (architecture.namedInputs === undefined) refuse(`${architecture.id} has no ONNX export for transformers.js (ViT and BERT have)`);
  return onnxFolderWriter({ quantize: onnx.quantize, pixels }, base ?? SAFETENSORS_FOLDER_WRITER);
}
