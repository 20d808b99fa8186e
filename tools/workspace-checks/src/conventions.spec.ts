import * as fs from 'node:fs';
import * as path from 'node:path';

// Conventions that keep the workspace navigable: every package is named after its folder,
// documented and publishable; every architecture plugin runs the conformance suite.
const root = path.resolve(__dirname, '../../..');
const folders = (group: string) =>
  fs.readdirSync(path.join(root, group)).filter((name) => fs.existsSync(path.join(root, group, name, 'package.json'))).map((name) => path.join(group, name));
const packages = [...folders('packages'), ...folders('plugins')];

describe('workspace conventions', () => {
  it.each(packages)('%s is named after its folder, documented and publishable', (dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(`@otfuse/${path.basename(dir)}`);
    expect(manifest).toMatchObject({ main: 'dist/index.js', types: 'dist/index.d.ts', license: 'MIT' });
    expect(manifest.files).toContain('dist');
    expect(manifest.description.length).toBeGreaterThan(20);
    const readme = fs.readFileSync(path.join(root, dir, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeGreaterThan(10);
  });

  it.each(packages)('%s README starts with an example of at most 5 lines', (dir) => {
    const lines = fs.readFileSync(path.join(root, dir, 'README.md'), 'utf8').split('\n');
    const start = lines.findIndex((line) => line.startsWith('```'));
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(12); // after the title and one short paragraph
    const end = lines.findIndex((line, i) => i > start && line.startsWith('```'));
    const code = lines.slice(start + 1, end).filter((line) => line.trim() !== '');
    expect(code.length).toBeGreaterThan(0);
    expect(code.length).toBeLessThanOrEqual(5);
  });

  it.each(folders('plugins'))('%s runs the plugin conformance suite', (dir) => {
    const spec = path.join(root, dir, 'src', 'conformance.spec.ts');
    expect(fs.existsSync(spec)).toBe(true);
    expect(fs.readFileSync(spec, 'utf8')).toMatch(/describeConformance\(/);
  });
});
