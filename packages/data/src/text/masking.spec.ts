import { SeededRandom } from '@otfuse/extension';
import { IGNORE_LABEL } from '../dataset';
import { maskSequence } from './masking';

const options = { probability: 0.15, maskId: 4, vocabSize: 100, firstRandomId: 5 };

describe('maskSequence', () => {
  it('labels exactly the chosen positions with their original ids and leaves the others alone', () => {
    const ids = Int32Array.from({ length: 40 }, (_, i) => 10 + i);
    const { inputIds, labels } = maskSequence(ids, Array.from({ length: 38 }, (_, i) => i + 1), options, new SeededRandom(3));
    const chosen = [...labels.keys()].filter((i) => labels[i] !== IGNORE_LABEL);
    expect(chosen.length).toBeGreaterThan(0);
    for (let i = 0; i < ids.length; i++) {
      if (labels[i] === IGNORE_LABEL) expect(inputIds[i]).toBe(ids[i]);
      else expect(labels[i]).toBe(ids[i]);
    }
    expect(labels[0]).toBe(IGNORE_LABEL);
    expect(labels[39]).toBe(IGNORE_LABEL);
    // The same generator state masks the same way.
    expect(maskSequence(ids, Array.from({ length: 38 }, (_, i) => i + 1), options, new SeededRandom(3))).toEqual({ inputIds, labels });
  });

  it('chooses 15% of the candidates and masks 80/10/10 (over 50,000 draws)', () => {
    const n = 50_000;
    const ids = new Int32Array(n).fill(7);
    const { inputIds, labels } = maskSequence(ids, Array.from({ length: n }, (_, i) => i), options, new SeededRandom(11));
    let chosen = 0;
    let masked = 0;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (labels[i] === IGNORE_LABEL) continue;
      chosen++;
      if (inputIds[i] === 4) masked++;
      else if (inputIds[i] === 7) kept++;
      else expect(inputIds[i]).toBeGreaterThanOrEqual(5);
    }
    // Binomial standard deviations: chosen ≈ 80, masked share ≈ 0.004; bounds at about 4σ.
    expect(Math.abs(chosen / n - 0.15)).toBeLessThan(0.0065);
    expect(Math.abs(masked / chosen - 0.8)).toBeLessThan(0.016);
    // A random replacement can draw the original id (1 in 95), so "kept" is slightly above 10%.
    expect(Math.abs(kept / chosen - 0.1 - 0.1 / 95)).toBeLessThan(0.012);
  });

  it('chooses one position when the draws choose none, and refuses bad settings', () => {
    const { labels } = maskSequence(Int32Array.of(2, 50, 3), [1], { ...options, probability: 1e-9 }, new SeededRandom(0));
    expect(Array.from(labels)).toEqual([IGNORE_LABEL, 50, IGNORE_LABEL]);
    expect(() => maskSequence(Int32Array.of(1), [0], { ...options, probability: 0 }, new SeededRandom(0))).toThrow('mask_probability must lie in (0, 1], got 0');
  });
});
