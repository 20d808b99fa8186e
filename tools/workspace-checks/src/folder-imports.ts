/**
 * The imports between the top-level parts of a package's `src/` (its folders, and each file at
 * its root), read from the sources: what the folder-cycle check walks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** An import of one part by another: the importing file and line, and the file imported. */
export interface PartImport {
  from: string;
  to: string;
  /** `src`-relative file and line of the import, e.g. `run/fuse-experiment.ts:17`. */
  where: string;
  /** The imported file, `src`-relative. */
  target: string;
}

/** Test files: specs and their helpers may reach across parts (a report's spec may run a whole run). */
const TEST_FILE = /(\.spec\.ts$|(^|\/)__(tests|fixtures)__\/)/;
/** `from '…'`, `import '…'`, `require('…')`, `import('…')`. */
const SPECIFIER = /(?:\bfrom\s+|\bimport\s+|\brequire\(\s*|\bimport\(\s*)(['"])([^'"]+)\1/g;

/** The production `.ts` files under `src`, `src`-relative. */
export function productionFiles(src: string): string[] {
  return (fs.readdirSync(src, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !TEST_FILE.test(file));
}

/** The part a `src`-relative file belongs to: its top-level folder, or the file itself at the root. */
export function partOf(file: string): string {
  const [first, ...rest] = file.split('/');
  return rest.length ? `${first}/` : first;
}

/** The `src`-relative file a relative specifier names, or undefined when it leaves `src` or is not found. */
function resolve(src: string, fromFile: string, specifier: string): string | undefined {
  const base = path.resolve(src, path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  const found = candidates.find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile());
  if (!found) return undefined;
  const relative = path.relative(src, found).split(path.sep).join('/');
  return relative.startsWith('..') ? undefined : relative;
}

/** Every import of one part by another among the production files of `src`. */
export function partImports(src: string): PartImport[] {
  const found: PartImport[] = [];
  for (const file of productionFiles(src)) {
    fs.readFileSync(path.join(src, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const [, , specifier] of line.matchAll(SPECIFIER)) {
          if (!specifier.startsWith('.')) continue;
          const target = resolve(src, file, specifier);
          if (target !== undefined && partOf(target) !== partOf(file)) found.push({ from: partOf(file), to: partOf(target), where: `${file}:${index + 1}`, target });
        }
      });
  }
  return found;
}

/** The groups of parts that import each other, directly or through others (strongly connected, more than one part). */
export function cycles(imports: readonly PartImport[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of imports) next.set(from, (next.get(from) ?? new Set()).add(to));
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (part: string) => {
    index.set(part, index.size);
    low.set(part, index.get(part) as number);
    stack.push(part);
    onStack.add(part);
    for (const to of next.get(part) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(part, Math.min(low.get(part) as number, low.get(to) as number));
      } else if (onStack.has(to)) low.set(part, Math.min(low.get(part) as number, index.get(to) as number));
    }
    if (low.get(part) === index.get(part)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== part);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const part of [...next.keys()].sort()) if (!index.has(part)) visit(part);
  return groups;
}
