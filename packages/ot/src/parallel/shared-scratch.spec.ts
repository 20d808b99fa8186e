import { SharedScratch } from './shared-scratch';

describe('SharedScratch', () => {
  it('lends a buffer handed back again, zeroed, to a request it fits', () => {
    const scratch = new SharedScratch();
    const a = scratch.float64(100);
    a.fill(7);
    scratch.giveBack([a.buffer as SharedArrayBuffer]);
    const b = scratch.float32(150);
    expect(b.buffer).toBe(a.buffer);
    expect(b.length).toBe(150);
    expect(b.every((x) => x === 0)).toBe(true);
    expect(scratch.freeBytes).toBe(0);
  });

  it('lends the smallest free buffer that fits, and a new one when none does', () => {
    const scratch = new SharedScratch();
    const [small, large] = [scratch.float64(10), scratch.float64(1000)];
    scratch.giveBack([large.buffer as SharedArrayBuffer, small.buffer as SharedArrayBuffer]);
    expect(scratch.float64(5).buffer).toBe(small.buffer);
    const fresh = scratch.float64(2000);
    expect(fresh.buffer).not.toBe(large.buffer);
    expect(fresh.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(scratch.freeBytes).toBe(8000);
  });

  it('keeps at most its limit of free buffers, the largest', () => {
    const scratch = new SharedScratch(2);
    scratch.giveBack([1, 3, 2].map((n) => new SharedArrayBuffer(8 * n)));
    expect(scratch.freeBytes).toBe(8 * 5);
  });
});
