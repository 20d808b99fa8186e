import type { ArchitecturePlugin } from '@otfuse/core';
import { readSideFiles, sideFileDisagreement } from '../models/side-files';

/**
 * The files of the anchor's folder every fused folder carries (`fuse` and `fuseFolders` alike:
 * its tokenizer, preprocessing and generation files, see `carriedFiles`). A declared file the anchor lacks, or a data set whose tokenizer files
 * differ from the anchor's, is a warning.
 */
export function anchorSideFiles(
  architecture: ArchitecturePlugin,
  anchorDir: string,
  assets: Readonly<Record<string, string>> | undefined,
  warn: (text: string) => void,
): Record<string, Uint8Array> {
  const { files, missing } = readSideFiles(architecture, anchorDir, warn);
  if (missing.length) warn(`the anchor ${anchorDir} has no ${missing.join(', ')}: the fused folders will lack them`);
  const disagreement = sideFileDisagreement(files, assets, `the anchor ${anchorDir}`);
  if (disagreement) warn(disagreement);
  return files;
}
