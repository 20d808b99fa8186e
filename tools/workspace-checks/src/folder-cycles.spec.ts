import * as fs from 'node:fs';
import * as path from 'node:path';
import { type PartImport, cycles, partImports, productionFiles } from './folder-imports';

// The run (@otfuse/run) is a library under the CLI: it never reaches up into the CLI or a
// command-line library, and inside both packages the parts stack in one direction (a run writes
// report data, the report never runs anything), so each part can be read, tested and moved alone.
const root = path.resolve(__dirname, '../../..');
const packages = ['packages', 'plugins'].flatMap((group) =>
  fs.readdirSync(path.join(root, group)).filter((name) => fs.existsSync(path.join(root, group, name, 'src'))).map((name) => `${group}/${name}`),
);
/** The packages whose parts, folders and root files alike, import each other in one direction only. */
const LAYERED = ['packages/run', 'packages/cli'];

const src = (pkg: string) => path.join(root, pkg, 'src');
const show = (imports: readonly PartImport[]) => imports.map((i) => `${i.where} → ${i.target}`);

describe('import cycles between the parts of a package', () => {
  it.each(LAYERED)('%s has none', (pkg) => {
    const imports = partImports(src(pkg));
    const found = cycles(imports).map((group) => ({ group, imports: show(imports.filter((i) => group.includes(i.from) && group.includes(i.to))) }));
    expect(found).toEqual([]);
  });

  it.each(packages)('%s: report/ imports nothing of run/ (a run writes its report, never the other way)', (pkg) => {
    expect(show(partImports(src(pkg)).filter((i) => i.from === 'report/' && i.to === 'run/'))).toEqual([]);
  });
});

describe('@otfuse/run, the run as a library', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'packages/run/package.json'), 'utf8'));
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });

  it('depends on no command-line library and not on the CLI', () => {
    expect(dependencies).toEqual(expect.not.arrayContaining(['@otfuse/cli', 'commander', '@dagrejs/dagre']));
  });

  it('imports none of them, in its sources or its tests', () => {
    const all = (fs.readdirSync(src('packages/run'), { recursive: true }) as string[]).filter((file) => /\.(ts|cjs)$/.test(file));
    expect(all.length).toBeGreaterThan(productionFiles(src('packages/run')).length);
    const found = all.flatMap((file) =>
      fs
        .readFileSync(path.join(src('packages/run'), file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (/['"](@otfuse\/cli|commander|@dagrejs\/dagre)(\/[^'"]*)?['"]/.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});

describe('finding cycles between parts', () => {
  const link = (from: string, to: string): PartImport => ({ from, to, where: `${from}x.ts:1`, target: `${to}y.ts` });

  it('finds parts that import each other, directly or through others', () => {
    expect(cycles([link('report/', 'run/'), link('run/', 'report/')])).toEqual([['report/', 'run/']]);
    expect(cycles([link('a/', 'b.ts'), link('b.ts', 'c/'), link('c/', 'a/'), link('c/', 'd/')])).toEqual([['a/', 'b.ts', 'c/']]);
  });

  it('leaves imports that go one way alone', () => {
    expect(cycles([link('run/', 'report/'), link('run/', 'models/'), link('report/', 'models/'), link('fuse-folders.ts', 'run/')])).toEqual([]);
  });
});
