import type { ArchitecturePlugin } from '@otfuse/core';
import type { PixelNormalization } from '@otfuse/data';
import { ConfigError } from '../../config/config-error';
import type { OnnxOutput } from '../../config/onnx-output';
import type { ModelWriter } from '../model-writer';
import { SAFETENSORS_FOLDER_WRITER } from '../safetensors-folder-writer';
import { onnxFolderWriter } from './onnx-folder-writer';
import { missingPreprocessing } from './transformers-js-files';

/** What every model folder of a run is written from, as far as its ONNX files depend on it. */
export interface RunModels {
  readonly architecture: ArchitecturePlugin;
  /** The anchor's (or the trained model's) config: it decides the exported inputs. */
  readonly config: unknown;
  /** How the data set normalised pixels, where it says (image data sets). */
  readonly pixels: PixelNormalization | undefined;
  /** The files every folder carries (the anchor's, or the data set's tokenizer). */
  readonly sideFiles: Readonly<Record<string, unknown>>;
}

/**
 * The writer of a run's model folders: `base`, plus the ONNX files where `output.onnx` asks for
 * them. An architecture that does not export, or a model whose preprocessing files cannot be
 * made (an image model on a file of tensors, which says nothing of pixels), is refused here,
 * before the run does its work.
 */
export function runWriter(file: string, onnx: OnnxOutput | undefined, models: RunModels, base?: ModelWriter): ModelWriter | undefined {
  if (onnx === undefined) return base;
  const { architecture, config, pixels, sideFiles } = models;
  const refuse = (problem: string): never => {
    throw new ConfigError('INVALID_CONFIG', `${file}: invalid configuration`, [`output.onnx: ${problem}`]);
  };
  if (architecture.namedInputs === undefined) return refuse(`${architecture.id} has no ONNX export for transformers.js (ViT and BERT have)`);
  const missing = missingPreprocessing(architecture.namedInputs(config), sideFiles, { pixels });
  if (missing !== undefined) refuse(`${architecture.id}: ${missing[0]}: ${missing[1]}; otfuse export onnx can add it to the written folders afterwards`);
  return onnxFolderWriter({ quantize: onnx.quantize, pixels }, base ?? SAFETENSORS_FOLDER_WRITER);
}
