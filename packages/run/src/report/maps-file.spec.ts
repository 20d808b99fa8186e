import fs from 'node:fs';
import path from 'node:path';
import { float16ToFloat32, float32ToFloat16, openSafetensors } from '@otfuse/io';
import { removeTempFolders, tempFolder } from '../__tests__/temp-folder';
import { MapsRecorder, readMaps } from './maps-file';

afterAll(removeTempFolders);

const map = (n0: number, n1: number, seed: number) => ({
  model: 0,
  label: `node ${seed}`,
  map: { n0, n1, data: Float32Array.from({ length: n0 * n1 }, (_, i) => ((i * 7 + seed) % 5) / 3) },
  cost: new Float32Array(n0 * n1).fill(0.5),
});

describe('maps.safetensors', () => {
  it('keeps every map as F16 in solve order, with its node, shapes, solver and OT cost', () => {
    const recorder = new MapsRecorder('sinkhorn', path.join(tempFolder(), 'spool'));
    const maps = [map(3, 4, 1), map(5, 5, 2), map(2, 6, 3)];
    maps.forEach((m) => recorder.record(m));
    const file = path.join(tempFolder(), 'maps.safetensors');
    recorder.writeTo(file);
    recorder.dispose();
    const read = [...readMaps(file)];
    expect(read.map((m) => [m.tensor, m.n0, m.n1])).toEqual([
      ['map.000', 3, 4],
      ['map.001', 5, 5],
      ['map.002', 2, 6],
    ]);
    read.forEach((m, i) => expect(Array.from(m.data)).toEqual(Array.from(float16ToFloat32(float32ToFloat16(maps[i].map.data)))));
    const reader = openSafetensors(file);
    expect(reader.metadata?.solver).toBe('sinkhorn');
    expect(JSON.parse(reader.metadata?.['map.001'] as string)).toEqual({ model: 0, label: 'node 2', n0: 5, n1: 5, otCost: recorder.figures[1].otCost });
    reader.close();
    expect([...readMaps(file, ['map.002'])].map((m) => m.tensor)).toEqual(['map.002']);
  });

  it('leaves no spool behind', () => {
    const spool = path.join(tempFolder(), 'spool');
    const recorder = new MapsRecorder('emd', spool);
    recorder.record(map(2, 2, 0));
    expect(fs.statSync(spool).size).toBe(8);
    recorder.dispose();
    recorder.dispose();
    expect(fs.existsSync(spool)).toBe(false);
  });
});
