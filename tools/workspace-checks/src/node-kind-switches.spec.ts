import * as fs from 'node:fs';
import * as path from 'node:path';

// Node kinds are open: the engine looks a node's kind up and calls it. A core file that tests a
// node's kind by name would have to change for every new kind, so only a kind's own file
// (packages/core/src/kinds/<kind>.ts) may name it in a comparison or a switch.
const core = path.resolve(__dirname, '../../../packages/core/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'kinds' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** Lines that compare a kind with a name or switch on one. */
function kindTests(text: string): string[] {
  const patterns = [/\bkind\s*[!=]==?\s*['"][\w-]+['"]/, /['"][\w-]+['"]\s*[!=]==?\s*\w*\.?kind\b/, /switch\s*\(\s*[\w.]*\bkind\s*\)/];
  return text.split('\n').filter((line) => patterns.some((pattern) => pattern.test(line)));
}

describe('node kinds in core', () => {
  it('are named in comparisons and switches only in their own files', () => {
    const found = sources(core).flatMap((file) => kindTests(fs.readFileSync(file, 'utf8')).map((line) => `${path.relative(core, file)}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it('finds such a test when there is one', () => {
    expect(kindTests("if (node.kind === 'tie') return;\nconst x = 1;")).toHaveLength(1);
    expect(kindTests("  switch (node.kind) {")).toHaveLength(1);
    expect(kindTests("if ('linear' !== n.kind) {}")).toHaveLength(1);
    expect(kindTests("return this.add({ kind: 'linear', ...node });")).toHaveLength(0);
  });
});
