import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivationSpill, removeAbandonedFolders } from './activation-spill';

describe('ActivationSpill', () => {
  let parent: string;
  beforeEach(() => (parent = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-parent-'))));
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('writes rows batch by batch, reads them back, and removes its folder', () => {
    const spill = new ActivationSpill(parent);
    const writer = spill.writer(3);
    writer.append(Float32Array.of(1, 2, 3), 1);
    writer.append(Float32Array.of(4, 5, 6, 7, 8, 9), 2);
    const matrix = writer.close();
    expect(matrix).toMatchObject({ rows: 3, features: 3 });
    expect(path.basename(path.dirname(matrix.file))).toMatch(new RegExp(`^otfuse-activations-${process.pid}-`));
    expect(Array.from(spill.read(matrix))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    spill.dispose();
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("removes the folders of processes that are gone, and keeps a running process's and any other folder", () => {
    // The id of a process that has just ended.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const kept = [`otfuse-activations-${process.pid}-abc`, 'otfuse-activations-x', 'mine'];
    for (const name of [`otfuse-activations-${gone}-abc`, ...kept]) fs.mkdirSync(path.join(parent, name));
    fs.writeFileSync(path.join(parent, `otfuse-activations-${gone}-abc`, '0.f32'), 'rows');
    removeAbandonedFolders(parent);
    expect(fs.readdirSync(parent).sort()).toEqual([...kept].sort());
  });
});
