/**
 * References from a file of the repository to paths outside it: a clone with nothing beside it
 * (a user's, a contributor's, a packager's) has none of them, so whatever reads one breaks there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders that are not the repository's own text: installs, builds, caches, the golden data. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'coverage', '.git', '.nx', 'testdata', 'runs', 'out']);
/** Source, spec, build-configuration, experiment and documentation files. */
const SCANNED = /\.(ts|tsx|js|cjs|mjs|json|ya?ml|sh|md)$/;
/** Written by tools, not by hand: the lock file, and `otfuse train`'s record of each training run. */
const GENERATED = /(^|\/)(package-lock\.json|training\.json)$/;

/** Absolute paths of a particular machine, never of a clone. */
const MACHINE_PATH = /(?<![\w.~-])\/(work|home|Users|root|mnt)\/[\w.-]+/;
/**
 * A relative path that names something: `../x`, `./../../y` (in quotes, backticks, YAML values or
 * Markdown links). A bare `../../` is a prefix for paths made elsewhere, not a reference.
 */
const RELATIVE_PATH = /(?<![\w./-])(?:\.\/)?(?:\.\.\/)+[\w@-][\w./@-]*/g;
/** `path.join(__dirname, '..', '..', 'x')`: the literal arguments after `__dirname`. */
const DIRNAME_CALL = /path\.(?:join|resolve)\(\s*__dirname\s*,([^)]*)\)/g;

export interface OutsideReference {
  line: number;
  text: string;
  /** Where it leads, relative to the repository root (starts with `..`), or the absolute path. */
  target: string;
}

/** Whether `target`, resolved from `dir`, leaves `root`. */
function leaves(root: string, dir: string, target: string): string | undefined {
  const relative = path.relative(root, path.resolve(dir, target));
  return relative === '..' || relative.startsWith(`..${path.sep}`) ? relative : undefined;
}

function dirnameCallTarget(args: string): string | undefined {
  const literals = args.split(',').map((arg) => arg.trim().match(/^(['"`])([^'"`]*)\1$/)?.[2]);
  return literals.every((literal) => literal !== undefined) ? path.join(...(literals as string[])) : undefined;
}

/** Every reference in `text` (a file at `file` inside `root`) to a path outside `root`. */
export function outsideReferences(root: string, file: string, text: string): OutsideReference[] {
  const dir = path.dirname(file);
  const found: OutsideReference[] = [];
  text.split('\n').forEach((line, index) => {
    const add = (target: string | undefined) => {
      if (target !== undefined && !found.some((seen) => seen.line === index + 1 && seen.target === target)) found.push({ line: index + 1, text: line.trim(), target });
    };
    add(line.match(MACHINE_PATH)?.[0]);
    for (const [relative] of line.matchAll(RELATIVE_PATH)) add(leaves(root, dir, relative));
    for (const [, args] of line.matchAll(DIRNAME_CALL)) {
      const target = dirnameCallTarget(args);
      if (target !== undefined) add(leaves(root, dir, target));
    }
  });
  return found;
}

/** The files the check reads: every scanned file of the repository, relative to `root`. */
export function scannedFiles(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) files.push(...scannedFiles(root, full));
    } else if (entry.isFile() && SCANNED.test(entry.name)) {
      const relative = path.relative(root, full);
      if (!GENERATED.test(relative)) files.push(relative);
    }
  }
  return files.sort();
}
