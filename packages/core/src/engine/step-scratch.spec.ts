import { StepScratch } from './step-scratch';

describe('StepScratch', () => {
  it('lends new arrays within a step and the same arrays again in the next', () => {
    const scratch = new StepScratch();
    const a = scratch.float32(100);
    const b = scratch.float32(100);
    expect(a.buffer).not.toBe(b.buffer);
    scratch.endStep();
    const again = [scratch.float32(100), scratch.float32(100)];
    expect(new Set(again.map((x) => x.buffer))).toEqual(new Set([a.buffer, b.buffer]));
    // A third array of the step is new: none is lent twice.
    expect([a.buffer, b.buffer]).not.toContain(scratch.float32(100).buffer);
  });

  it('lends the smallest kept array that is long enough, as a view of the asked length', () => {
    const scratch = new StepScratch();
    const small = scratch.float32(10);
    const large = scratch.float32(1000);
    scratch.endStep();
    const view = scratch.float32(8);
    expect(view.buffer).toBe(small.buffer);
    expect(view.length).toBe(8);
    expect(scratch.float32(500).buffer).toBe(large.buffer);
  });

  it('gives up its kept arrays when a step needs a longer one, so they do not add to that step', () => {
    const scratch = new StepScratch();
    scratch.float32(10);
    scratch.float32(20);
    scratch.endStep();
    expect(scratch.keptBytesNow).toBe(4 * 30);
    expect(scratch.float32(2000).length).toBe(2000);
    expect(scratch.keptBytesNow).toBe(0);
  });

  it('keeps at most its byte budget between steps, giving up the largest arrays first', () => {
    const scratch = new StepScratch(4 * 150);
    const small = scratch.float32(50);
    scratch.float32(120);
    scratch.float32(90);
    scratch.endStep();
    // 50 + 90 floats fit in 150; the 120-float array is given up.
    expect(scratch.keptBytesNow).toBe(4 * 140);
    expect(scratch.float32(50).buffer).toBe(small.buffer);
    expect(scratch.float32(100).length).toBe(100);
  });
});
