import { FusionError, type NamedInputs, labelsJson, readLabelNames } from '@otfuse/core';
import { bertTokenizerFiles, type PixelNormalization } from '@otfuse/data';
import type { ModelToWrite } from '../model-writer';

/** The file an image model's preprocessing is read from (`AutoImageProcessor`, transformers.js's pipelines). */
export const PREPROCESSOR_CONFIG = 'preprocessor_config.json';
/** What transformers.js reads of a tokenizer (it never reads `vocab.txt`). */
export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

/** Where the preprocessing of an exported model comes from when its folder has none. */
export interface Preprocessing {
  /** The data set's pixel normalisation (image models). */
  readonly pixels?: PixelNormalization;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const text = (data: string | Uint8Array) => (typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));

/** ViTImageProcessor's settings for inputs made as `(p / 255 - mean) / std` at the model's size. */
export function imageProcessorJson(inputs: NamedInputs, pixels: PixelNormalization): Record<string, unknown> {
  const [channels, height, width] = inputs.shape as number[];
  const perChannel = (values: readonly number[]) => (values.length === channels ? [...values] : Array<number>(channels).fill(values[0]));
  return {
    image_processor_type: 'ViTImageProcessor',
    do_resize: true,
    size: { height, width },
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: perChannel(pixels.mean),
    image_std: perChannel(pixels.std),
    // One channel: the image stays grayscale (converting it to RGB would give three).
    do_convert_rgb: channels === 3,
  };
}

/**
 * Why the files transformers.js needs beside `onnx/` cannot be made for a model that carries
 * `sideFiles`, as `[file, reason]`; undefined when they can (or it carries them). Checked before
 * a run does its work, and again when a folder is written.
 */
export function missingPreprocessing(inputs: NamedInputs, sideFiles: Readonly<Record<string, unknown>>, preprocessing: Preprocessing): [string, string] | undefined {
  const has = (name: string) => sideFiles[name] !== undefined;
  if (inputs.names.includes('pixel_values')) {
    return has(PREPROCESSOR_CONFIG) || preprocessing.pixels !== undefined ? undefined : [PREPROCESSOR_CONFIG, 'the model has none and no data set says how its pixels were normalised (give the image mean and std)'];
  }
  if (!inputs.names.includes('input_ids') || TOKENIZER_FILES.every(has) || has('vocab.txt')) return undefined;
  return [TOKENIZER_FILES[0], 'the model has neither it nor a vocab.txt to build it from'];
}

/**
 * The files beside `onnx/` that transformers.js needs and the folder lacks: an image model's
 * `preprocessor_config.json` (from `preprocessing`), a text model's `tokenizer.json` and
 * `tokenizer_config.json` (built from its `vocab.txt`); files the model carries are kept as
 * they are. A missing source is a BAD_OPTION naming the file.
 */
export function transformersJsFiles(model: ModelToWrite, inputs: NamedInputs, preprocessing: Preprocessing): Record<string, string> {
  const missing = missingPreprocessing(inputs, model.sideFiles, preprocessing);
  if (missing !== undefined) throw new FusionError('BAD_OPTION', `${missing[0]}: ${missing[1]}`, [`${model.architecture.id} ONNX export`]);
  const has = (name: string) => model.sideFiles[name] !== undefined;
  if (inputs.names.includes('pixel_values')) {
    return has(PREPROCESSOR_CONFIG) || preprocessing.pixels === undefined ? {} : { [PREPROCESSOR_CONFIG]: json(imageProcessorJson(inputs, preprocessing.pixels)) };
  }
  const vocab = model.sideFiles['vocab.txt'];
  if (!inputs.names.includes('input_ids') || TOKENIZER_FILES.every(has) || vocab === undefined) return {};
  const files = bertTokenizerFiles(text(vocab).split('\n').filter((line) => line.length > 0));
  return Object.fromEntries(TOKENIZER_FILES.map((name) => [name, files[name]]));
}

/** `config.json` with the label names a classification pipeline shows (`LABEL_<i>` where the model names none). */
export function withLabelNames(model: ModelToWrite): Readonly<Record<string, unknown>> {
  const { configJson } = model;
  if (configJson.id2label !== undefined || model.architecture.task(model.config) !== 'classification') return configJson;
  return { ...configJson, ...labelsJson(readLabelNames(configJson)) };
}
