import type { ArchitecturePlugin } from '@otfuse/core';
import { carriedFiles } from './carried-files';

/**
 * The files beside the weights an architecture wants in every model folder (a text model's
 * tokenizer files, so `AutoTokenizer.from_pretrained(folder)` works): its `sideFiles`. A folder
 * written from another carries all of that one's files; these say which a folder should have,
 * and which of a data set's assets a newly trained model keeps.
 */
export function sideFileNames(architecture: ArchitecturePlugin): string[] {
  return [...(architecture.sideFiles ?? [])];
}

/**
 * The files a model folder carries into every folder written from it ({@link carriedFiles}:
 * all but its config, weights and card), and the declared side files it lacks.
 */
export function readSideFiles(architecture: ArchitecturePlugin, dir: string, warn: (text: string) => void): { files: Record<string, Uint8Array>; missing: string[] } {
  const carried = carriedFiles(dir, warn);
  const declared = sideFileNames(architecture);
  // Declared files first: a data set is compared with the model's vocabulary before its other files.
  const names = [...declared.filter((name) => carried[name] !== undefined), ...Object.keys(carried).filter((name) => !declared.includes(name))];
  return { files: Object.fromEntries(names.map((name) => [name, carried[name]])), missing: declared.filter((name) => carried[name] === undefined) };
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
