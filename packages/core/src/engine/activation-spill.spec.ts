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

  it('reads a matrix back in blocks of whole rows, in order, one array reused for every block', () => {
    const spill = new ActivationSpill(parent);
    const writer = spill.writer(3);
    writer.append(Float32Array.from({ length: 21 }, (_, i) => i), 7);
    const matrix = writer.close();
    // 28 bytes hold two rows of three floats (24 bytes): blocks of 2, 2, 2 and 1 rows.
    const blocks: number[][] = [];
    const buffers = new Set<ArrayBufferLike>();
    for (const block of spill.blocks(matrix, 28)) {
      blocks.push(Array.from(block));
      buffers.add(block.buffer);
    }
    expect(blocks).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11], [12, 13, 14, 15, 16, 17], [18, 19, 20]]);
    expect(buffers.size).toBe(1);
    // Fewer bytes than a row still read one row at a time.
    expect([...spill.blocks(matrix, 4)].map((block) => block.length)).toEqual(Array(7).fill(3));
    spill.dispose();
  });

  it('names the file and the bytes when a spilled matrix is shorter than its shape', () => {
    const spill = new ActivationSpill(parent);
    const writer = spill.writer(2);
    writer.append(Float32Array.of(1, 2, 3, 4), 2);
    const matrix = { ...writer.close(), rows: 3 };
    expect(() => [...spill.blocks(matrix)]).toThrow(`${matrix.file} ended after 16 bytes, before the 24 bytes asked for at 0`);
    spill.dispose();
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
