import * as fs from 'node:fs';
import * as path from 'node:path';
import { outsideReferences, scannedFiles } from './outside-references';

// A clone of the repository, with nothing beside it, must build and pass its tests: no source,
// spec, configuration, experiment or documentation file may refer to a path outside it (the
// golden vectors live in testdata/golden, not in a folder beside the repository).
const root = path.resolve(__dirname, '../../..');

const referencesIn = (file: string) => outsideReferences(root, path.join(root, file), fs.readFileSync(path.join(root, file), 'utf8'));

describe('paths outside the repository', () => {
  const files = scannedFiles(root);

  it('scans the sources, specs, configurations and experiments', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'packages/testing/src/golden.ts', 'tools/start.cjs', 'experiments/vit-tiny-golden.yaml', 'README.md']));
    expect(files.filter((file) => file.endsWith('.spec.ts')).length).toBeGreaterThan(100);
  });

  it('are referred to by no file', () => {
    const found = files.flatMap((file) => referencesIn(file).map((ref) => `${file}:${ref.line}: ${ref.target} (${ref.text})`));
    expect(found).toEqual([]);
  });
});

describe('finding a reference outside the repository', () => {
  const file = path.join(root, 'packages/x/src/a.ts');
  const up = (count: number) => '../'.repeat(count);
  const targets = (text: string) => outsideReferences(root, file, text).map((ref) => ref.target);

  it('finds relative paths that climb out, in strings, __dirname calls and documents', () => {
    expect(targets(`const dir = path.resolve(__dirname, '${up(4)}shared/golden');`)).toEqual([path.join('..', 'shared', 'golden')]);
    expect(targets(`path.join(__dirname, ${"'..', ".repeat(4)}'elsewhere')`)).toEqual([path.join('..', 'elsewhere')]);
    expect(targets(`  name_0: ${up(5)}models/a`)).toEqual([path.join('..', '..', 'models', 'a')]);
    expect(targets(`see [the data](${up(3)}../data/README.md)`)).toEqual([path.join('..', 'data', 'README.md')]);
  });

  it("finds a machine's absolute paths", () => {
    expect(targets(`const file = '/${'work'}/main/experiments/a.yaml';`)).toEqual([`/${'work'}/main`]);
    expect(targets(`"file": "/${'home'}/me/x"`)).toEqual([`/${'home'}/me`]);
  });

  it('leaves paths inside the repository, bare prefixes and paths under a word alone', () => {
    expect(targets(`import { x } from '${up(3)}tools/y';`)).toEqual([]);
    expect(targets(`extends: '${up(2)}tsconfig.base.json'`)).toEqual([]);
    expect(targets(`const up = '${up(4)}';`)).toEqual([]);
    expect(targets(`const shard = 'model-a/${up(2)}x.safetensors'; // /etc/passwd, /tmp/x, ~/work/y`)).toEqual([]);
  });
});
