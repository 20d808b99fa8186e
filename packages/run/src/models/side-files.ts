import fs from 'node:fs';
import path from 'node:path';
import type { ArchitecturePlugin } from '@otfuse/core';
import { readInputFile } from '@otfuse/io';

/**
 * The files beside the weights an architecture wants in every model folder (a text model's
 * tokenizer files, so `AutoTokenizer.from_pretrained(folder)` works): its `sideFiles`.
 */
export function sideFileNames(architecture: ArchitecturePlugin): string[] {
  return [...(architecture.sideFiles ?? [])];
}

/** The declared side files a model folder holds, by name, and the ones it lacks. */
export function readSideFiles(architecture: ArchitecturePlugin, dir: string): { files: Record<string, Uint8Array>; missing: string[] } {
  const files: Record<string, Uint8Array> = {};
  const missing: string[] = [];
  for (const name of sideFileNames(architecture)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) files[name] = readInputFile(file, `the model's ${name}`);
    else missing.push(name);
  }
  return { files, missing };
}

/** The data set's assets (its tokenizer's files) that the architecture carries in its folders. */
export function sideFilesFromAssets(architecture: ArchitecturePlugin, assets: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(sideFileNames(architecture).filter((name) => assets?.[name] !== undefined).map((name) => [name, (assets as Record<string, string>)[name]]));
}

/**
 * Why the data set's tokenizer may not be the model's: a side file both have, with other
 * contents (undefined when they agree or cannot be compared).
 */
export function sideFileDisagreement(files: Readonly<Record<string, Uint8Array>>, assets: Readonly<Record<string, string>> | undefined, where: string): string | undefined {
  for (const [name, data] of Object.entries(files)) {
    const asset = assets?.[name];
    if (asset !== undefined && Buffer.compare(Buffer.from(asset, 'utf8'), Buffer.from(data)) !== 0) {
      return `the data set's ${name} differs from the one in ${where}: its token ids may not be the model's (set data.dir to the model folder to tokenise with its vocabulary)`;
    }
  }
  return undefined;
}
