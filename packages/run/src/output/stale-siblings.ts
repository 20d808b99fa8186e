import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from './output-lock';

/** A folder a run left beside its output: `<target>.tmp-<pid>-<hex>` (being written) or `<target>.old-<pid>-<hex>` (being replaced). */
export interface Sibling {
  path: string;
  kind: 'tmp' | 'old';
  pid: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The temporary siblings of `target` that runs left, with the process that made each. */
export function siblingsOf(target: string): Sibling[] {
  const parent = path.dirname(target);
  const pattern = new RegExp(`^${escape(path.basename(target))}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`);
  const names = fs.existsSync(parent) ? fs.readdirSync(parent) : [];
  return names.flatMap((name) => {
    const match = pattern.exec(name);
    return match ? [{ path: path.join(parent, name), kind: match[1] as Sibling['kind'], pid: Number(match[2]) }] : [];
  });
}

/**
 * Cleans up after runs that were killed while writing `target` (the caller holds its lock): a
 * temporary folder whose process is gone is removed; a replaced folder whose process is gone is
 * put back when the new one never arrived (the run died between its two renames), else removed.
 * A sibling whose process still runs is left alone and reported.
 */
export function cleanStaleSiblings(target: string, notice: (text: string) => void): void {
  for (const sibling of siblingsOf(target)) {
    if (processAlive(sibling.pid)) {
      notice(`left ${sibling.path} alone: process ${sibling.pid}, which made it, is still running`);
    } else if (sibling.kind === 'old' && !fs.existsSync(target)) {
      fs.renameSync(sibling.path, target);
      notice(`restored ${target} from ${sibling.path}: process ${sibling.pid} was killed while replacing it`);
    } else {
      fs.rmSync(sibling.path, { recursive: true, force: true });
      notice(`removed ${sibling.path}, left by process ${sibling.pid}, which is no longer running`);
    }
  }
}
