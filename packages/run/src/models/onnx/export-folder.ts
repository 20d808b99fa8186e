import fs from 'node:fs';
import path from 'node:path';
import { initBackend } from '@otfuse/backend';
import { DEFAULT_GRAPH_OPTIONS, type HostTensor } from '@otfuse/core';
import type { PixelNormalization } from '@otfuse/data';
import { ModelFolderError } from '@otfuse/io';
import type { DependencyContainer } from 'tsyringe';
import { createContainer } from '../../container';
import { warnOnStderr } from '../../progress';
import { fusedModel } from '../fused-model';
import { loadParents } from '../load-parents';
import type { ModelToWrite } from '../model-writer';
import { readSideFiles } from '../side-files';
import { writeModel } from '../write-model';
import { ONNX_FOLDER, exportOnnx } from './onnx-export';
import { onnxFolderWriter } from './onnx-folder-writer';
import { transformersJsFiles } from './transformers-js-files';

export interface ExportOnnxArgs {
  /** A model folder otfuse reads (`config.json` + `model.safetensors`, or a sharded checkpoint). */
  dir: string;
  /** Write a new, complete folder here instead of adding `onnx/` and the missing files to `dir`. */
  out?: string;
  /** Also write `onnx/model_quantized.onnx`. */
  quantize?: boolean;
  /** Replace an existing `onnx/` in `dir`, or an existing `out`. Default false: refused, untouched. */
  replace?: boolean;
  /** How an image model's pixels are normalised; default: the folder's `preprocessor_config.json`, else the data set its `training.json` records. */
  pixels?: PixelNormalization;
  container?: DependencyContainer;
  log?: (line: string) => void;
}

export interface ExportOnnxResult {
  /** The folder written to. */
  out: string;
  /** The files written, relative to it. */
  files: string[];
}

/** The mean and std `training.json` records under `config.data.params`, if both are numbers. */
function recordedPixels(dir: string): PixelNormalization | undefined {
  const file = path.join(dir, 'training.json');
  if (!fs.existsSync(file)) return undefined;
  const params = (JSON.parse(fs.readFileSync(file, 'utf8')) as { config?: { data?: { params?: Record<string, unknown> } } }).config?.data?.params;
  const { mean, std } = params ?? {};
  return typeof mean === 'number' && typeof std === 'number' ? { mean: [mean], std: [std] } : undefined;
}

/** The folder's model, with every file it carries (its card, tokenizer and preprocessing files among them). */
function readModel(container: DependencyContainer, dir: string): { model: ModelToWrite; close: () => void } {
  const loaded = loadParents({ container, folders: [dir], anchor: 0, graphOptions: DEFAULT_GRAPH_OPTIONS });
  const [parent] = loaded.parents;
  const weights = new Map<string, HostTensor>(parent.weights.names().map((name) => [name, parent.weights.host(name)]));
  const { files } = readSideFiles(loaded.architecture, dir, warnOnStderr);
  return { model: fusedModel(loaded.architecture, parent, weights, files), close: () => loaded.close() };
}

/** The files under `dir`, relative to it, sorted (folders such as `onnx/` are not files). */
function filesIn(dir: string): string[] {
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return entries.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

/** Writes `files` (paths relative to `dir`) that do not exist yet; `onnx/` appears whole, by one rename. */
function addToFolder(dir: string, files: Readonly<Record<string, string | Uint8Array>>, replace: boolean): string[] {
  const target = path.join(dir, ONNX_FOLDER);
  if (fs.existsSync(target) && !replace) throw new ModelFolderError('MF_OUTPUT_EXISTS', `${target} already exists; pass --replace to replace it`, target);
  const temp = `${target}.tmp-${process.pid}`;
  const written: string[] = [];
  try {
    fs.mkdirSync(temp);
    for (const [name, data] of Object.entries(files)) {
      const inOnnx = name.startsWith(`${ONNX_FOLDER}/`);
      if (!inOnnx && fs.existsSync(path.join(dir, name))) continue;
      // Files beside onnx/ go through a temporary name too: a reader never sees half a file.
      const file = inOnnx ? path.join(temp, name.slice(ONNX_FOLDER.length + 1)) : path.join(dir, name);
      fs.writeFileSync(`${file}.tmp-${process.pid}`, data, { flag: 'wx' });
      fs.renameSync(`${file}.tmp-${process.pid}`, file);
      written.push(name);
    }
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(temp, target);
    fs.rmSync(old, { recursive: true, force: true });
    return written;
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `otfuse export onnx`: any model folder otfuse reads, as transformers.js loads it. By default
 * `onnx/` and the files transformers.js needs that the folder lacks are added to it (existing
 * files are never touched; an existing `onnx/` is refused unless `replace`); with `out`, a new
 * complete folder is written there.
 */
export async function exportOnnxFolder(args: ExportOnnxArgs): Promise<ExportOnnxResult> {
  await initBackend({ log: args.log });
  const { model, close } = readModel(args.container ?? createContainer(), args.dir);
  try {
    const preprocessing = { pixels: args.pixels ?? recordedPixels(args.dir), quantize: args.quantize };
    if (args.out !== undefined) {
      writeModel(args.out, model, { writer: onnxFolderWriter(preprocessing), replace: args.replace, inputs: [args.dir] });
      return { out: path.resolve(args.out), files: filesIn(args.out) };
    }
    const inputs = model.architecture.namedInputs?.(model.config);
    const { files } = exportOnnx(model, preprocessing);
    const extra = inputs === undefined ? {} : transformersJsFiles(model, inputs, preprocessing);
    return { out: path.resolve(args.dir), files: addToFolder(args.dir, { ...extra, ...files }, Boolean(args.replace)) };
  } finally {
    close();
  }
}
