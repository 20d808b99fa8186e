import path from 'node:path';

/** `20250102-030405` in UTC: sortable, and safe in folder names on every OS. */
export function timestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
}

/**
 * Where a run writes: `--out` (relative to the working folder) wins, then the file's
 * `output.dir`, else `runs/<file name without extension>-<UTC timestamp>` in the working folder.
 */
export function outputLocation(args: { out?: string; fromFile?: string; configFile: string; now: Date; cwd?: string }): string {
  const cwd = args.cwd ?? process.cwd();
  if (args.out !== undefined) return path.resolve(cwd, args.out);
  if (args.fromFile !== undefined) return args.fromFile;
  const base = path.basename(args.configFile).replace(/\.(ya?ml)$/i, '');
  return path.resolve(cwd, 'runs', `${base}-${timestamp(args.now)}`);
}
