import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npx otfuse …` works in the repository right after `npm ci`, before any build: the bin
// (packages/cli/bin/otfuse.cjs) runs the TypeScript sources in the repository, dist/ when installed.
const root = path.resolve(__dirname, '../../..');
const launcher = path.join(root, 'packages/cli/bin/otfuse.cjs');
const env = { ...process.env, OTFUSE_FROM_DIST: undefined, NO_COLOR: '1' };

function npxOtfuse(...args: string[]) {
  return spawnSync('npx', ['otfuse', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

describe('npx otfuse in the repository', () => {
  beforeAll(() => {
    // Without the link npx would look for an `otfuse` package on the registry instead.
    const link = path.join(root, 'node_modules/.bin/otfuse');
    if (!fs.existsSync(link)) throw new Error(`${link} is missing: run npm ci (npm links @otfuse/cli's bin there)`);
  });

  it('prints the help', () => {
    const result = npxOtfuse('--help');
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: otfuse/m);
    for (const command of ['fuse', 'train', 'list', 'otfusion-mnist']) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('lists the registered architectures, solvers and data sets', () => {
    const result = npxOtfuse('list');
    expect(result.status).toBe(0);
    for (const heading of ['architectures:', 'OT solvers:', 'ground metrics:', 'data sets:']) expect(result.stdout).toContain(heading);
    for (const id of ['generic-mlp', 'hf-vit', 'emd', 'sinkhorn', 'mnist']) expect(result.stdout).toMatch(new RegExp(`^  ${id}\\s`, 'm'));
  });
});

describe('the otfuse launcher', () => {
  // A copy of the launcher in a package folder of its own, with a stand-in dist/main.js.
  function fakePackage(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-bin-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(launcher, path.join(dir, 'bin/otfuse.cjs'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist/main.js'), "console.log('from dist', process.argv.slice(2).join(' '));\n");
    return dir;
  }
  const run = (dir: string, extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [path.join(dir, 'bin/otfuse.cjs'), 'list'], { env: { ...env, ...extra }, encoding: 'utf8' });

  it('runs dist/main.js when the package is built', () => {
    const dir = fakePackage();
    const result = run(dir);
    expect(result.stdout).toBe('from dist list\n');
    expect(result.status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains what is missing when neither dist nor sources exist', () => {
    const dir = fakePackage();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = run(dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/otfuse: .*dist\/main\.js is missing.*npm run build/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says to build when OTFUSE_FROM_DIST=1 finds no dist', () => {
    const dir = fakePackage();
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    const result = run(dir, { OTFUSE_FROM_DIST: '1' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/OTFUSE_FROM_DIST=1, but .*dist\/main\.js is missing: run npm run build first/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
