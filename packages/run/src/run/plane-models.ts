import type { PlaneTerms } from './score-plane';

/** Grid coordinates from −1/grid to 1 + 1/grid in steps of 1/grid: 0 and 1 are always points. */
export function planeAxis(grid: number): number[] {
  return Array.from({ length: grid + 3 }, (_, i) => (i - 1) / grid);
}

/**
 * `(1 − u − v)·θ_anchor + u·θ_u + v·θ_v`: the plane through the anchor and two fused models, the
 * first two methods' (`u` and `v`; corners are the models themselves).
 */
export function planeTerms(u: number, v: number): PlaneTerms {
  return [
    [1 - u - v, 'anchor'],
    [u, 'u'],
    [v, 'v'],
  ];
}

/**
 * Model 0 as the first method aligned it: with two models averaged equally, θ_u = (θ₀ᵃ + θ_anchor)/2,
 * so θ₀ᵃ = 2·θ_u − θ_anchor (a parameter kept from the anchor, such as a fixed head, comes out as the anchor's).
 */
export const ALIGNED_TERMS: PlaneTerms = [
  [2, 'u'],
  [-1, 'anchor'],
];

/** The barrier's steps: t = 0, 0.1, …, 1. */
export const BARRIER_STEPS = Array.from({ length: 11 }, (_, i) => i / 10);

/** θ(t) = (1 − t)·θ_anchor + t·θ_end on the barrier towards `end` ('other': model 0 as it is; 'aligned': as OT aligned it). */
export function barrierTerms(t: number, end: 'other' | 'aligned'): PlaneTerms {
  return [
    [1 - t, 'anchor'],
    [t, end],
  ];
}
