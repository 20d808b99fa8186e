/**
 * HuggingFace model folders: `config.json` plus `model.safetensors` (or a sharded index).
 * Reading is lazy (weights are a {@link TensorReader}); writing builds the whole folder under a
 * temporary sibling name and renames it into place, so an output folder is either complete or
 * absent, and an existing folder or an input is never overwritten by accident.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporarySibling, writeFileAtomically, writeAll } from './atomic-file';
import { SINGLE_WEIGHTS_FILE, openCheckpoint } from './checkpoint';
import type { FloatDtype } from './dtypes';
import type { TensorsInput } from './encode';
import { ModelFolderError } from './errors';
import { readInputText } from './input-file';
import { JsonSyntaxError, parseJson } from './json-text';
import type { TensorReader } from './tensor-reader';
import { writeSafetensors } from './write';

export const CONFIG_FILE = 'config.json';

export interface ModelFolder {
  /** Absolute path of the folder. */
  dir: string;
  /** Parsed `config.json`. */
  config: Record<string, unknown>;
  /** Lazy weights; call `weights.close()` when done. */
  weights: TensorReader;
}

function readConfig(dir: string): Record<string, unknown> {
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = readInputText(file, 'a JSON model config');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ModelFolderError('MF_CONFIG_MISSING', `${CONFIG_FILE} not found in ${dir}`, dir);
  }
  let config: unknown;
  try {
    config = parseJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ModelFolderError('MF_BAD_JSON', `${file} is not valid JSON: ${error.message}`, dir);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ModelFolderError('MF_BAD_JSON', `${file} must hold a JSON object, found ${JSON.stringify(config)}`, dir);
  }
  return config as Record<string, unknown>;
}

/** Opens a model folder: parses `config.json` and opens the weights lazily. */
export function readModelFolder(dir: string): ModelFolder {
  const absolute = path.resolve(dir);
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ModelFolderError('MF_NOT_A_FOLDER', `${dir} is not a folder`, dir);
  }
  const config = readConfig(absolute);
  return { dir: absolute, config, weights: openCheckpoint(absolute) };
}

export interface ModelFolderContent {
  /** Written as `config.json`: 2-space indented JSON with a trailing newline, keys in their given order. */
  config: Readonly<Record<string, unknown>>;
  tensors: TensorsInput;
  /** Extra header metadata for `model.safetensors`; `format: 'pt'` is always stored first, as HuggingFace does. */
  metadata?: Readonly<Record<string, string>>;
  /** Other files of the folder (a tokenizer's `vocab.txt`, `tokenizer.json`, …), by plain file name. */
  files?: Readonly<Record<string, string | Uint8Array>>;
}

/** Names `files` may not take: the folder's own files, and anything but plain names, alone or joined by `/` (`onnx/model.onnx`). */
function checkSideFileName(dir: string, name: string): void {
  const parts = name.split('/');
  const plain = parts.every((part) => part !== '' && part !== '.' && part !== '..' && part === path.basename(part));
  if (name === 'config.json' || name === SINGLE_WEIGHTS_FILE || !plain) {
    throw new ModelFolderError('MF_BAD_FILE_NAME', `${dir}: cannot write the extra file '${name}': expected a plain file name (or names joined by /) other than config.json and ${SINGLE_WEIGHTS_FILE}`, dir);
  }
}

export interface WriteModelFolderOptions {
  /** Replace an existing output folder (old one moved aside, new one moved in, old one removed). Default false. */
  replace?: boolean;
  /** Store every floating-point tensor as this dtype (see writeSafetensors). Default: each tensor's own dtype. */
  dtype?: FloatDtype;
  /** Paths the content was read from; writing to any of them, or to a folder containing one, is refused. */
  inputs?: readonly string[];
}

/** Real path of `target`, or of its nearest existing ancestor joined with the rest. */
function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  if (fs.existsSync(absolute)) return fs.realpathSync(absolute);
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
}

function refuseInputs(dir: string, inputs: readonly string[]): void {
  const output = realPathOf(dir);
  for (const input of inputs) {
    const real = realPathOf(input);
    if (real === output || real.startsWith(output + path.sep)) {
      const relation = real === output ? 'is' : 'contains';
      const message = `refusing to write ${dir}: it ${relation} the input ${input}`;
      throw new ModelFolderError('MF_OUTPUT_IS_INPUT', message, dir);
    }
  }
}

function writeConfig(file: string, config: Readonly<Record<string, unknown>>): void {
  const text = Buffer.from(`${JSON.stringify(config, null, 2)}\n`, 'utf8');
  writeFileAtomically(file, (fd) => writeAll(fd, text));
}

/** Moves the finished `temp` folder to `target`, swapping out an existing one when there is one. */
function moveIntoPlace(temp: string, target: string, replacing: boolean): void {
  if (!replacing) {
    fs.renameSync(temp, target);
    return;
  }
  const old = temporarySibling(target, 'old');
  fs.renameSync(target, old);
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.renameSync(old, target);
    throw error;
  }
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Writes a model folder (`config.json` + `model.safetensors` with `{"format": "pt"}` metadata,
 * plus `files`) atomically: into `<dir>.tmp-<pid>-<random>`, then renamed to `dir`. On any failure the
 * temporary folder is removed and `dir` is left as it was.
 */
export function writeModelFolder(
  dir: string,
  content: ModelFolderContent,
  options: WriteModelFolderOptions = {},
): void {
  const target = path.resolve(dir);
  refuseInputs(target, options.inputs ?? []);
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) {
    throw new ModelFolderError('MF_OUTPUT_NOT_FOLDER', `${dir} exists and is not a folder`, dir);
  }
  if (existing && !options.replace) {
    throw new ModelFolderError('MF_OUTPUT_EXISTS', `${dir} already exists; pass { replace: true } to replace it`, dir);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = temporarySibling(target, 'tmp');
  fs.mkdirSync(temp);
  try {
    writeConfig(path.join(temp, 'config.json'), content.config);
    writeSafetensors(path.join(temp, SINGLE_WEIGHTS_FILE), content.tensors, {
      metadata: { format: 'pt', ...content.metadata },
      dtype: options.dtype,
    });
    for (const [name, data] of Object.entries(content.files ?? {})) {
      checkSideFileName(dir, name);
      fs.mkdirSync(path.dirname(path.join(temp, name)), { recursive: true });
      fs.writeFileSync(path.join(temp, name), data);
    }
    moveIntoPlace(temp, target, existing !== undefined);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
