import fs from 'node:fs';
import path from 'node:path';
import { readInputFile } from '@otfuse/io';

/**
 * Files of a model folder that a new model made from it does not inherit: its config and its
 * weights in any format (the new folder has its own; a parent's would contradict them), ONNX
 * exports of them, and the files an otfuse run writes beside a model. (Its `README.md` travels
 * only into a folder of the same model: a new model's card replaces it, see `writeModel`.)
 */
const NOT_CARRIED: readonly RegExp[] = [
  /^config\.json$/,
  /\.safetensors(\.index\.json)?$/,
  /\.bin(\.index\.json)?$/,
  /\.(pt|pth|ckpt|h5|msgpack|onnx|onnx_data|gguf)$/,
  /^(report\.(json|md|html)|training\.json)$/,
];

/** Whether a file of a model folder travels to the folders written from it (names only; hidden files never do: VCS and download caches, lock files). */
export function isCarried(name: string): boolean {
  return !name.startsWith('.') && !NOT_CARRIED.some((pattern) => pattern.test(name));
}

/**
 * What travels with a model: every plain file at the top of `dir` that {@link isCarried}
 * (tokenizer and preprocessing files, `generation_config.json`, …), by name. Subfolders stay
 * (`onnx/` is the parent's export; a trainer's `checkpoint-*` and logs are no part of a model).
 * A link is followed only to a file inside `dir`; one that leads out is left behind and told to `warn`.
 */
export function carriedFiles(dir: string, warn: (text: string) => void): Record<string, Uint8Array> {
  const root = fs.realpathSync(dir);
  const files: Record<string, Uint8Array> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!isCarried(entry.name)) continue;
    const file = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      const target = realTarget(file);
      if (target === undefined || !target.startsWith(`${root}${path.sep}`)) {
        warn(`${file} links outside ${dir}: not carried into the written folders`);
        continue;
      }
      if (!fs.statSync(target).isFile()) continue;
    } else if (!entry.isFile()) continue;
    files[entry.name] = readInputFile(file, `the model's ${entry.name}`);
  }
  return files;
}

/** Where a link leads, or undefined when it leads nowhere. */
function realTarget(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}
