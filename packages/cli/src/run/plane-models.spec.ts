import type { HostTensor } from '@otfuse/core';
import { alignedModel, combine, planeAxis, planePoint } from './plane-models';

const model = (values: number[]) => new Map<string, HostTensor>([['w', { shape: [values.length], data: Float32Array.from(values) }]]);
const values = (m: Map<string, HostTensor>) => Array.from(m.get('w')!.data);

describe('models on the plane', () => {
  const anchor = model([0.1, -0.7, 1.3]);
  const ot = model([0.3, 0.2, -0.9]);
  const vanilla = model([1 / 3, 2 / 3, -1 / 7]);

  it('has 0 and 1 among the grid coordinates', () => {
    expect(planeAxis(4)).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(planeAxis(1)).toEqual([-1, 0, 1, 2]);
  });

  it('gives the three models themselves at their corners, bit for bit', () => {
    expect(values(planePoint(0, 0, { anchor, ot, vanilla }))).toEqual(values(anchor));
    expect(values(planePoint(1, 0, { anchor, ot, vanilla }))).toEqual(values(ot));
    expect(values(planePoint(0, 1, { anchor, ot, vanilla }))).toEqual(values(vanilla));
    const mid = values(planePoint(0.5, 0.25, { anchor, ot, vanilla }));
    [0.25 * 0.1 + 0.5 * 0.3 + 0.25 / 3, 0.25 * -0.7 + 0.5 * 0.2 + 0.25 * (2 / 3), 0.25 * 1.3 - 0.45 - 0.25 / 7].forEach((v, i) => expect(mid[i]).toBeCloseTo(v, 6));
  });

  it('recovers the aligned model from an equal average', () => {
    const aligned = model([2, -4, 0.5]);
    const average = combine([
      [0.5, aligned],
      [0.5, anchor],
    ]);
    values(alignedModel(average, anchor)).forEach((v, i) => expect(v).toBeCloseTo(values(aligned)[i], 6));
  });
});
