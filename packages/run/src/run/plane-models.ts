import type { PlaneTerms } from './score-plane';

/** Grid coordinates from −1/grid to 1 + 1/grid in steps of 1/grid: 0 and 1 are always points. */
export function planeAxis(grid: number): number[] {
  return Array.from({ length: grid + 3 }, (_, i) => (i - 1) / grid);
}

/** `(1 − u − v)·θ_anchor + u·θ_OT + v·θ_VF`: the plane through the three models (corners are the models themselves). */
export function planeTerms(u: number, v: number): PlaneTerms {
  return [
    [1 - u - v, 'anchor'],
    [u, 'ot'],
    [v, 'vanilla'],
  ];
}

/**
 * Model 0 as OT fusion aligned it: with two models averaged equally, θ_OT = (θ₀ᵃ + θ_anchor)/2, so
 * θ₀ᵃ = 2·θ_OT − θ_anchor (a parameter kept from the anchor, such as a fixed head, comes out as the anchor's).
 */
export const ALIGNED_TERMS: PlaneTerms = [
  [2, 'ot'],
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
